// GET /api/rooms through the gateway for a member of many rooms, with the read-state counts (issue 10): prints
// p50/p95/p99 of the whole request (gateway -> room-service -> message-service's counts -> back). The part that
// grows with the number of messages, message-service's count query, is measured at 1 million messages by
// message-service's ReadStateBenchmark (docs/benchmarks.md); this one measures the HTTP path around it.
//
//   GATEWAY_URL=http://127.0.0.1:8080 node bench/rooms-list-bench.mjs [--rooms 200] [--lists 200] [--messages 2]
//
// Start the system with SEND_RATE_LIMIT_MESSAGES=100000 (one writer fills every room). Bounded: one
// user, `rooms` rooms, `messages` messages per room from a second user, `lists` sequential lists.
import { performance } from 'node:perf_hooks';
import { randomBytes, randomUUID } from 'node:crypto';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const ROOMS = Number(args.rooms ?? 200);
const LISTS = Number(args.lists ?? 200);
const MESSAGES = Number(args.messages ?? 2);

const host = new URL(GATEWAY_URL).hostname;
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
  console.error(`refusing to load ${host}: benchmarks only target this machine`);
  process.exit(2);
}

async function api(method, path, token, body) {
  const res = await fetch(GATEWAY_URL + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

async function register(prefix) {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const r = await api('POST', '/api/auth/register', undefined, {
    username: name,
    email: `${name}@example.com`,
    password: `pw-${randomBytes(8).toString('hex')}`,
  });
  return r.accessToken;
}

async function inBatches(n, size, fn) {
  for (let i = 0; i < n; i += size) await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, k) => fn(i + k)));
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const reader = await register('rl_reader');
const writer = await register('rl_writer');
const roomIds = [];
await inBatches(ROOMS, 10, async (i) => {
  const room = await api('POST', '/api/rooms', writer, { name: `list ${randomBytes(4).toString('hex')} ${i}`, isPrivate: false });
  await api('POST', `/api/rooms/${room.id}/join`, reader);
  roomIds.push(room.id);
});
await inBatches(roomIds.length * MESSAGES, 10, (k) =>
  api('POST', `/api/rooms/${roomIds[k % roomIds.length]}/messages`, writer, { content: `message ${k}`, clientMsgId: randomUUID() }),
);
for (let i = 0; i < 10; i++) await api('GET', '/api/rooms', reader); // warm-up
const times = [];
let last;
for (let i = 0; i < LISTS; i++) {
  const t0 = performance.now();
  last = await api('GET', '/api/rooms', reader);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const unread = last.reduce((s, r) => s + (r.unreadCount ?? 0), 0);
const f = (x) => `${x.toFixed(1)} ms`;
console.log(
  `GET /api/rooms, ${last.length} rooms (${unread} unread in all): p50 ${f(pct(times, 50))}  p95 ${f(pct(times, 95))}  p99 ${f(pct(times, 99))}  over ${LISTS} lists`,
);
