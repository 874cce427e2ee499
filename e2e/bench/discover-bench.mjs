// The room browser with 10,000 public rooms (issue 11, "Finding rooms"): seeds the rooms, then walks them twice and
// prints figures, never asserting a time.
//
//   GATEWAY_URL=http://127.0.0.1:8080 CHAT_DB_NAME=chat node bench/discover-bench.mjs [--rooms 10000] [--api-only]
//
// Seeding: one owner registers through the API, then --rooms public rooms are inserted with psql straight into
// room-service's tables (database CHAT_DB_NAME, default chat; DB_HOST, DB_PORT, DB_USER as ./chat), each with its
// owner's membership, as room-service stores them. Names share a fresh prefix; every tenth name is the same as the one
// before, in capitals (equal names under discovery's case-insensitive order), so page boundaries fall inside them.
// 1. The API: a fresh reader follows `Link: rel="next"` from `GET /api/rooms?discover=true&q=<prefix>` to the end
//    (pages of 50, the default), checking every room comes once and in order; prints time per page (p50/p95/max).
// 2. The browser (Debian's Chromium, as the browser tests): the reader opens the room browser, types the prefix, and
//    scrolls the list to its end; prints the time to the first rows, the time per page (request to answer, and to
//    the rows being shown), and the whole walk. Skipped with --api-only.
// The rooms stay (a throwaway system's database): each run uses a new prefix.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { api, describeResponse, GATEWAY_URL } from '../test/lib.mjs';
import { launchBrowser, newPerson, registerAccount, signIn } from '../test/browser/browser.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg, i, all) => (arg.startsWith('--') ? [arg.slice(2), all[i + 1]?.startsWith('--') ? 'true' : (all[i + 1] ?? 'true')] : null))
    .filter(Boolean),
);
const ROOMS = Number(args.rooms ?? 10_000);
const API_ONLY = args['api-only'] === 'true';
const DB = {
  name: process.env.CHAT_DB_NAME ?? 'chat',
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: process.env.DB_PORT ?? '5432',
  user: process.env.DB_USER ?? 'postgres',
};
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(GATEWAY_URL).hostname)) {
  console.error(`refusing to load ${GATEWAY_URL}: benchmarks only target this machine`);
  process.exit(2);
}

const ms = (x) => `${x.toFixed(1)} ms`;
function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return `p50 ${ms(at(50))} / p95 ${ms(at(95))} / max ${ms(sorted.at(-1))} (${sorted.length} pages)`;
}
const load = () => loadavg()[0].toFixed(1);

function psql(sql) {
  const run = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', DB.host, '-p', DB.port, '-U', DB.user, '-d', DB.name, '-c', sql], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`psql: ${run.stderr}`);
  return run.stdout;
}

const prefix = `disc${randomBytes(4).toString('hex')}`;
const owner = await registerAccount('disc_owner');
const reader = await registerAccount('disc_reader');
console.log(`seeding ${ROOMS} public rooms named ${prefix} ... (load ${load()})`);
let started = performance.now();
psql(`
  with made as (
    insert into room.rooms (id, name, description, is_private, is_direct, created_by, created_at, updated_at)
    select gen_random_uuid(),
           case when n % 10 = 0 then upper('${prefix}') else '${prefix}' end
             || ' room ' || lpad((n - (case when n % 10 = 0 then 1 else 0 end))::text, 5, '0'),
           'seeded for the discovery benchmark', false, false, '${owner.id}', now(), now()
    from generate_series(1, ${ROOMS}) n
    returning id)
  insert into room.room_members (room_id, user_id, role, joined_at)
  select id, '${owner.id}', 'owner', now() from made;
  analyze room.rooms;`);
console.log(`seeded in ${ms(performance.now() - started)}`);

// 1. The API, page by page.
{
  const seen = new Set();
  const times = [];
  let previous = null;
  let next = `/api/rooms?discover=true&q=${prefix}`;
  started = performance.now();
  while (next) {
    const t0 = performance.now();
    const r = await api('GET', next, { token: reader.token });
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(describeResponse(r));
    for (const room of r.body) {
      if (seen.has(room.id)) throw new Error(`listed twice: ${room.name}`);
      const key = [room.name.toLowerCase(), room.id];
      if (previous && (key[0] < previous[0] || (key[0] === previous[0] && key[1] < previous[1]))) {
        throw new Error(`out of order: ${room.name} after ${previous[0]}`);
      }
      previous = key;
      seen.add(room.id);
    }
    next = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get('link') ?? '')?.[1] ?? null;
  }
  if (seen.size !== ROOMS) throw new Error(`saw ${seen.size} of ${ROOMS} rooms`);
  console.log(`API: ${seen.size} rooms, each once and in order, in ${times.length} pages, ${ms(performance.now() - started)} in all (load ${load()})`);
  console.log(`  first page ${ms(times[0])}; per page ${percentiles(times)}`);
}

// 2. The browser, scrolled to the end.
if (!API_ONLY) {
  const browser = await launchBrowser();
  try {
    const person = await newPerson(browser, 'reader');
    const { page } = person;
    await signIn(person, reader);
    await page.getByTestId('browse-rooms').click();
    await page.getByTestId('discover-count').filter({ hasText: /\d+ rooms?/ }).waitFor();

    const asked = new Map();
    const answered = [];
    page.on('request', (request) => {
      if (request.url().includes(`q=${prefix}`)) asked.set(request.url(), performance.now());
    });
    page.on('response', (response) => {
      const t0 = asked.get(response.url());
      if (t0 !== undefined) answered.push({ url: response.url(), took: performance.now() - t0, at: performance.now() });
    });
    const count = page.getByTestId('discover-count');
    const scroller = page.getByTestId('discover-scroll');

    started = performance.now();
    await page.getByTestId('discover-filter').fill(prefix);
    await count.filter({ hasText: new RegExp(`rooms matching “${prefix}”`) }).waitFor({ timeout: 60_000 });
    await page.getByTestId('discover-room').first().waitFor();
    const firstRows = performance.now() - started;

    // scrolls to the end again whenever the rows grew, as a reader holding the scroll bar would
    const shownAt = [];
    let shown = 0;
    const deadline = Date.now() + 15 * 60_000;
    while ((await count.getAttribute('data-complete')) !== 'true') {
      if (Date.now() > deadline) throw new Error(`not at the end after 15 min: ${await count.textContent()}`);
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const now = Number(/^(\d+) rooms/.exec((await count.textContent()) ?? '')?.[1] ?? 0);
      if (now > shown) {
        shownAt.push(performance.now());
        shown = now;
      }
      await page.waitForTimeout(20);
    }
    const walk = performance.now() - started;
    const text = await count.textContent();
    const rowsInDom = await page.getByTestId('discover-room').count();
    const shownGaps = shownAt.slice(1).map((t, i) => t - shownAt[i]);
    console.log(`browser: "${text}" (load ${load()})`);
    console.log(`  first rows shown ${ms(firstRows)} after typing the filter (debounce included)`);
    console.log(`  page request -> answer: first ${ms(answered[0]?.took ?? NaN)}; per page ${percentiles(answered.map((a) => a.took))}`);
    console.log(`  one page shown -> the next shown, scrolling: ${percentiles(shownGaps)}`);
    console.log(`  whole walk to the end ${ms(walk)}; rows in the DOM at the end: ${rowsInDom}`);
    if (!text.startsWith(`${ROOMS} rooms`)) throw new Error(`the browser ended at: ${text}`);
  } finally {
    await browser.close();
  }
}
