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
import { DB, deletedAt, psql, seed, seededId, SPAN_MS, uuidList } from './seed-messages.mjs';

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
