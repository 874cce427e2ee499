// GET /api/rooms through the gateway for a member of many rooms, with the read-state counts (issue 10): prints
// p50/p95/p99 of the whole request (gateway -> room-service -> message-service's counts -> back), with the machine's
// load average beside each figure.
//
//   GATEWAY_URL=http://127.0.0.1:8080 node bench/rooms-list-bench.mjs [--rooms 200] [--lists 200] [--messages 2]
//       [--seed 1000000] [--hops] [--state FILE]
//
// Start the system with SEND_RATE_LIMIT_MESSAGES=100000 (one writer fills every room). Bounded: one reader, one
// writer, `rooms` rooms, `messages` messages per room sent through the API by the writer, `lists` sequential lists.
//
// --seed N   after the API messages, inserts N more messages from the writer (round-robin over the rooms) straight
//            into message-service's tables with psql (database CHAT_DB_NAME, default chat; DB_HOST, DB_PORT,
//            DB_USER as ./chat), the way message-service stores them: each with the room's next seq and the room's
//            counter moved on, UUIDv7 ids in send order (after the API messages), 1 % mentioning the reader (a
//            message.mentions row), 0.5 % then deleted (through the trigger that records deleted positions), and the
//            writer's read marker at their last message (what you send, you have read). The reader's markers are then
//            moved through the API (PUT /api/rooms/{id}/read) to a message somewhere in 9 rooms of 10, and every
//            count the list answers is checked against a direct SQL count of the rows after the marker.
// --hops     also times room-service's own GET /api/rooms (ROOM_URL, default gateway port + 2) and message-service's
//            POST /api/read-state of 100 rooms (MESSAGE_URL, default gateway port + 3), the same requests the gateway
//            and room-service make, to show what each hop adds.
// --state F  keeps the reader's and writer's logins and the rooms in F after the setup; a later run with the same F
//            skips the setup (and the seeding) and measures the same data again, e.g. after a rebuild.
import { performance } from 'node:perf_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { spawnSync } from 'node:child_process';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (pairs, arg, i, all) =>
        arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]?.startsWith('--') ? 'true' : (all[i + 1] ?? 'true')]] : pairs,
      [],
    ),
);
const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const gatewayPort = Number(new URL(GATEWAY_URL).port || 80);
const ROOM_URL = (process.env.ROOM_URL ?? `http://127.0.0.1:${gatewayPort + 2}`).replace(/\/$/, '');
const MESSAGE_URL = (process.env.MESSAGE_URL ?? `http://127.0.0.1:${gatewayPort + 3}`).replace(/\/$/, '');
const ROOMS = Number(args.rooms ?? 200);
const LISTS = Number(args.lists ?? 200);
const MESSAGES = Number(args.messages ?? 2);
const SEED = Number(args.seed ?? 0);
const HOPS = args.hops === 'true';
const STATE = args.state;
const DB = {
  name: process.env.CHAT_DB_NAME ?? 'chat',
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: process.env.DB_PORT ?? '5432',
  user: process.env.DB_USER ?? 'postgres',
};

for (const url of [GATEWAY_URL, ROOM_URL, MESSAGE_URL]) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    console.error(`refusing to load ${host}: benchmarks only target this machine`);
    process.exit(2);
  }
}

async function call(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}
const api = (method, path, token, body) => call(GATEWAY_URL, method, path, token, body);

async function register(prefix) {
  const username = `${prefix}_${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const r = await api('POST', '/api/auth/register', undefined, { username, email: `${username}@example.com`, password });
  return { username, password, id: r.user.id, token: r.accessToken };
}

async function login(user) {
  const r = await api('POST', '/api/auth/login', undefined, { login: user.username, password: user.password });
  return { ...user, token: r.accessToken };
}

async function inBatches(n, size, fn) {
  for (let i = 0; i < n; i += size) await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)));
}

function psql(sql) {
  const run = spawnSync(
    'psql',
    ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', DB.host, '-p', DB.port, '-U', DB.user, '-d', DB.name],
    { input: sql, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr || run.error}`);
  return run.stdout.trim();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuidList = (ids) => {
  if (!ids.every((id) => UUID_RE.test(id))) throw new Error('not a uuid');
  return `'{${ids.join(',')}}'::uuid[]`;
};

// Seeded message g (0-based) is in room g % R at the room's next seq, with a UUIDv7 id of millisecond
// t0 + g * SPAN / N and g in its random bits, so id order is send order, after every earlier message.
const SPAN_MS = 1000;
function seededId(t0, g, n) {
  const ms = BigInt(t0) + (BigInt(g) * BigInt(SPAN_MS)) / BigInt(n);
  const hex = ms.toString(16).padStart(12, '0') + '7000' + '8' + BigInt(g).toString(16).padStart(15, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
const deletedAt = (k) => k % 200 === 3; // k: the message's place among the room's seeded ones, from 1

function seed(reader, writer, roomIds, n) {
  const R = roomIds.length;
  const t0 = Date.now() + 5;
  const started = performance.now();
  const id = `(lpad(to_hex(${t0} + g * ${SPAN_MS} / ${n}), 12, '0') || '7000' || '8' || lpad(to_hex(g), 15, '0'))::uuid`;
  const at = `to_timestamp((${t0} + g * ${SPAN_MS} / ${n}) / 1000.0)`;
  let sql = `
    create temp table bench_rooms as
      select r.room_id, (r.ord - 1)::int as ord, coalesce(s.last_seq, 0) as base
      from unnest(${uuidList(roomIds)}) with ordinality as r(room_id, ord)
      left join message.room_sequences s on s.room_id = r.room_id;
    create unique index on bench_rooms (ord);`;
  const batch = 50_000;
  for (let lo = 0; lo < n; lo += batch) {
    const hi = Math.min(n, lo + batch) - 1;
    sql += `
    with stored as (
      insert into message.messages (id, room_id, user_id, content, type, created_at, updated_at, seq)
      select ${id}, b.room_id, '${writer.id}',
             case when g % 100 = 7 then '@${reader.username} message ' || g else 'message ' || g end,
             'text', ${at}, ${at}, b.base + g / ${R} + 1
      from generate_series(${lo}::bigint, ${hi}::bigint) g join bench_rooms b on b.ord = g % ${R}
      returning id, room_id, seq, content)
    insert into message.mentions (message_id, user_id, room_id, seq)
    select id, '${reader.id}', room_id, seq from stored where content like '@%';`;
  }
  sql += `
    insert into message.room_sequences (room_id, last_seq)
    select b.room_id, b.base + (${n} - 1 - b.ord) / ${R} + 1 from bench_rooms b where b.ord < ${n}
    on conflict (room_id) do update set last_seq = excluded.last_seq;
    delete from message.messages m using bench_rooms b
    where m.room_id = b.room_id and m.seq > b.base and (m.seq - b.base) % 200 = 3;
    insert into message.read_markers (user_id, room_id, last_read_id, last_read_seq)
    select '${writer.id}', b.room_id, x.id, x.seq from bench_rooms b
    cross join lateral (select id, seq from message.messages m where m.room_id = b.room_id order by id desc limit 1) x
    on conflict (user_id, room_id) do update set last_read_id = excluded.last_read_id, last_read_seq = excluded.last_read_seq
    where message.read_markers.last_read_seq < excluded.last_read_seq;
    vacuum analyze message.messages;
    vacuum analyze message.mentions;
    vacuum analyze message.deleted_seqs;
    vacuum analyze message.read_markers;
    vacuum analyze message.room_sequences;`;
  psql(sql);
  console.log(`seeded ${n} messages in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return t0;
}

// The reader reads up to somewhere in 9 rooms of 10 (none in the others), through the API as a client does.
async function moveReaderMarkers(reader, roomIds, t0, n) {
  const R = roomIds.length;
  const perRoom = (i) => Math.floor(n / R) + (i < n % R ? 1 : 0);
  await inBatches(R, 10, async (i) => {
    if (i % 10 === 0 || perRoom(i) === 0) return;
    let k = 1 + ((i * 7919) % perRoom(i)); // the k-th seeded message of room i
    if (deletedAt(k)) k += k < perRoom(i) ? 1 : -1;
    const g = (k - 1) * R + i;
    await api('PUT', `/api/rooms/${roomIds[i]}/read`, reader.token, { messageId: seededId(t0, g, n) });
  });
}

// What the counts must be, counted from the rows themselves: every message after the reader's marker (all of them
// were sent after the reader joined), and the reader's mentions among them.
function expectedCounts(reader, roomIds) {
  const rows = psql(`
    select b.room_id,
           (select count(*) from message.messages m where m.room_id = b.room_id and m.id > coalesce(k.last_read_id, '00000000-0000-0000-0000-000000000000')),
           (select count(*) from message.mentions x join message.messages m on m.id = x.message_id
            where x.user_id = '${reader.id}' and x.room_id = b.room_id and m.id > coalesce(k.last_read_id, '00000000-0000-0000-0000-000000000000'))
    from unnest(${uuidList(roomIds)}) as b(room_id)
    left join message.read_markers k on k.user_id = '${reader.id}' and k.room_id = b.room_id;`);
  return new Map(
    rows.split('\n').map((line) => {
      const [room, unread, mentions] = line.split('|');
      return [room, { unread: Number(unread), mentions: Number(mentions) }];
    }),
  );
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const f = (x) => `${x.toFixed(1)} ms`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function timeIt(label, fn) {
  for (let i = 0; i < 10; i++) await fn(); // warm-up
  const before = load();
  const times = [];
  let last;
  for (let i = 0; i < LISTS; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${f(pct(times, 50))}  p95 ${f(pct(times, 95))}  p99 ${f(pct(times, 99))}  over ${LISTS}` +
      `  (load average before: ${before}, after: ${load()})`,
  );
  return last;
}

// ---------------------------------------------------------------------------------------------------- setup
let reader, writer, roomIds;
if (STATE && existsSync(STATE)) {
  const saved = JSON.parse(readFileSync(STATE, 'utf8'));
  [reader, writer, roomIds] = [await login(saved.reader), await login(saved.writer), saved.roomIds];
  console.log(`reusing ${roomIds.length} rooms and their messages from ${STATE}`);
} else {
  reader = await register('rl_reader');
  writer = await register('rl_writer');
  roomIds = [];
  await inBatches(ROOMS, 10, async (i) => {
    const room = await api('POST', '/api/rooms', writer.token, { name: `list ${randomBytes(4).toString('hex')} ${i}`, isPrivate: false });
    await api('POST', `/api/rooms/${room.id}/join`, reader.token);
    roomIds.push(room.id);
  });
  await inBatches(roomIds.length * MESSAGES, 10, (k) =>
    api('POST', `/api/rooms/${roomIds[k % roomIds.length]}/messages`, writer.token, {
      content: `message ${k}`,
      clientMsgId: randomUUID(),
    }),
  );
  if (SEED > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // the API messages' millisecond is over
    const t0 = seed(reader, writer, roomIds, SEED);
    while (Date.now() <= t0 + SPAN_MS) await new Promise((resolve) => setTimeout(resolve, 50));
    await moveReaderMarkers(reader, roomIds, t0, SEED);
  }
  if (STATE) {
    const keep = ({ username, password, id }) => ({ username, password, id });
    writeFileSync(STATE, JSON.stringify({ reader: keep(reader), writer: keep(writer), roomIds }));
  }
}
if (SEED > 0 || (STATE && existsSync(STATE))) {
  try {
    const messages = psql(`select count(*) from message.messages where room_id = any(${uuidList(roomIds)});`);
    console.log(`${messages} messages in the ${roomIds.length} rooms (database ${DB.name})`);
  } catch (e) {
    console.log(`(messages not counted: ${e.message})`);
  }
}

// ---------------------------------------------------------------------------------------------------- measure
const last = await timeIt(`GET /api/rooms through the gateway`, () => api('GET', '/api/rooms', reader.token));
const unread = last.reduce((s, r) => s + (r.unreadCount ?? 0), 0);
const mentions = last.reduce((s, r) => s + (r.mentionCount ?? 0), 0);
console.log(`  ${last.length} rooms, ${unread} unread and ${mentions} mentions in all, ${JSON.stringify(last).length} bytes`);
if (SEED > 0 || (STATE && existsSync(STATE))) {
  const expected = expectedCounts(reader, roomIds);
  const wrong = last.filter((r) => {
    const e = expected.get(r.id);
    return !e || e.unread !== r.unreadCount || e.mentions !== r.mentionCount;
  });
  console.log(wrong.length === 0 ? '  counts exact in every room (checked against SQL)' : `  COUNTS WRONG in ${wrong.length} rooms`);
  if (wrong.length > 0) process.exitCode = 1;
}
if (HOPS) {
  await timeIt(`GET /api/rooms at room-service directly`, () => call(ROOM_URL, 'GET', '/api/rooms', reader.token));
  const joined = await Promise.all(
    roomIds.slice(0, 100).map(async (room) => {
      const members = await api('GET', `/api/rooms/${room}/members`, reader.token);
      return { roomId: room, joinedAt: members.find((m) => m.userId === reader.id)?.joinedAt ?? null };
    }),
  );
  await timeIt(`POST /api/read-state of 100 rooms at message-service directly`, () =>
    call(MESSAGE_URL, 'POST', '/api/read-state', reader.token, { rooms: joined }),
  );
}
