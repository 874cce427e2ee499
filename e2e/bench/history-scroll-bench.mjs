// History scroll benchmark (issue 11: "older history on scroll, virtualised, smooth with 10,000 messages"): one room
// with N seeded messages (seed-messages.mjs, straight into message-service's tables), opened in headless Chromium as
// its author, then scrolled upwards with the mouse wheel as a person would until the oldest message shows. Prints the
// time to reach the top, the history pages fetched, the most message rows ever in the page (virtualisation keeps it
// bounded), and the frame intervals while scrolling (requestAnimationFrame deltas: p50/p95/p99/max, frames over
// 50 ms) with the long tasks the browser reported. Exits 1 if the oldest message never shows or the order is wrong.
//
//   GATEWAY_URL=http://127.0.0.1:8080 CHAT_DB_NAME=chat node bench/history-scroll-bench.mjs [--messages 10000]
//       [--wheel 1500] [--timeout 300]
//
// Needs the SPA built (frontend/dist) and Debian's chromium; only talks to this machine.
import { loadavg } from 'node:os';
import { registerAccount, launchBrowser, newPerson, signIn, GATEWAY_URL } from '../test/browser/browser.mjs';
import { api } from '../test/lib.mjs';
import { seed, SPAN_MS } from './seed-messages.mjs';

const arg = (k, d) => {
  const i = process.argv.indexOf(`--${k}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const MESSAGES = Number(arg('messages', 10_000));
const WHEEL = Number(arg('wheel', 1500));
const TIMEOUT_S = Number(arg('timeout', 300));
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(GATEWAY_URL).hostname)) {
  console.error(`refusing to load ${GATEWAY_URL}: benchmarks only target this machine`);
  process.exit(2);
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (x) => `${x.toFixed(1)} ms`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

const author = await registerAccount('hs_author');
const created = await api('POST', '/api/rooms', { token: author.token, json: { name: `history ${author.username}`, isPrivate: false } });
if (created.status !== 201) throw new Error(`room: ${created.status}`);
const roomId = created.body.id;
const t0 = seed(null, author, [roomId], MESSAGES);
while (Date.now() <= t0 + SPAN_MS) await new Promise((r) => setTimeout(r, 50));

const browser = await launchBrowser();
const person = await newPerson(browser, 'reader');
const { page } = person;
let pages = 0;
page.on('request', (r) => {
  if (/\/api\/rooms\/[^/]+\/messages\?/.test(r.url()) && r.url().includes('before=')) pages++;
});
await signIn(person, author);
await page.goto(`/#/rooms/${roomId}`);
const rowSelector = '[data-testid="message-item"]';
await page.locator(rowSelector, { hasText: `message ${MESSAGES - 1}` }).first().waitFor({ timeout: 30_000 });

// frame intervals and long tasks, collected inside the page while the wheel turns
await page.evaluate(() => {
  const w = window;
  w.benchFrames = [];
  w.benchLongTasks = [];
  let last = performance.now();
  const tick = (t) => {
    w.benchFrames.push(t - last);
    last = t;
    if (!w.benchStop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => list.getEntries().forEach((e) => w.benchLongTasks.push(e.duration))).observe({
    type: 'longtask',
    buffered: false,
  });
});

const loadBefore = load();
const started = performance.now();
const scroller = page.locator('.message-scroll');
const box = await scroller.boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
let maxRows = 0;
let reached = false;
while ((performance.now() - started) / 1000 < TIMEOUT_S) {
  await page.mouse.wheel(0, -WHEEL);
  await page.waitForTimeout(50);
  maxRows = Math.max(maxRows, await page.locator(rowSelector).count());
  // the oldest seeded message is "message 0"; exact match, so "message 0" does not match "message 10"
  if (await page.getByTestId('message-content').getByText('message 0', { exact: true }).count()) {
    reached = true;
    break;
  }
}
const seconds = (performance.now() - started) / 1000;
const { frames, longTasks } = await page.evaluate(() => {
  window.benchStop = true;
  return { frames: window.benchFrames.slice(1), longTasks: window.benchLongTasks };
});
const texts = await page.getByTestId('message-content').allTextContents();
const numbers = texts.filter((t) => /^message \d+$/.test(t)).map((t) => Number(t.slice(8)));
const ordered = numbers.every((n, i) => i === 0 || numbers[i - 1] < n);
await browser.close();

frames.sort((a, b) => a - b);
console.log(`${MESSAGES} messages in one room, scrolled up with the mouse wheel (${WHEEL} px per turn) from the newest`);
console.log(
  reached
    ? `reached the oldest in ${seconds.toFixed(1)} s; ${pages} older pages fetched; at most ${maxRows} message rows in the page`
    : `did NOT reach the oldest in ${TIMEOUT_S} s (${pages} older pages fetched, at most ${maxRows} rows)`,
);
console.log(
  `frame intervals over ${frames.length} frames: p50 ${ms(pct(frames, 50))}  p95 ${ms(pct(frames, 95))}  p99 ${ms(pct(frames, 99))}` +
    `  max ${ms(frames.at(-1))}; over 50 ms: ${frames.filter((f) => f > 50).length}`,
);
console.log(`long tasks: ${longTasks.length}, ${ms(longTasks.reduce((s, d) => s + d, 0))} in all`);
console.log(`rows shown in order: ${ordered ? 'yes' : 'NO'}; load average before: ${loadBefore}, after: ${load()}`);
process.exit(reached && ordered ? 0 : 1);
