// Socket benchmark: many users in a few rooms send messages through the gateway and every member receives
// them. Prints connections, messages/s, ack and delivery latency percentiles, and the services' memory.
//
//   GATEWAY_URL=http://127.0.0.1:8080 node bench/socket-bench.mjs [--users 40] [--rooms 4] [--messages 10]
//
// Bounded: users x messages sends, each user at most one message per 600 ms (under the gateway's default
// 20 messages / 10 s limit), and a hard deadline. Only talks to GATEWAY_URL, which must be on this machine.
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const USERS = Number(args.users ?? 40);
const ROOMS = Number(args.rooms ?? 4);
const MESSAGES = Number(args.messages ?? 10);
const SEND_INTERVAL_MS = 600;
const DEADLINE_MS = Number(args['deadline-ms'] ?? 120_000);
const PID_DIR = process.env.CHAT_PID_DIR; // e.g. .chat/pids, to report the services' memory

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
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(name, values) {
  const s = [...values].sort((a, b) => a - b);
  const f = (v) => v.toFixed(1).padStart(8);
  return `${name.padEnd(22)} n=${String(s.length).padStart(6)}  p50 ${f(percentile(s, 50))} ms  p95 ${f(percentile(s, 95))} ms  p99 ${f(percentile(s, 99))} ms  max ${f(s[s.length - 1] ?? NaN)} ms`;
}

function memoryOfServices() {
  if (!PID_DIR) return [];
  return readdirSync(PID_DIR)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => {
      try {
        const pid = readFileSync(`${PID_DIR}/${f}`, 'utf8').trim();
        const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return `${f.replace('.pid', '').padEnd(18)} RSS ${(Number(rss) / 1024).toFixed(0)} MiB`;
      } catch {
        return null;
      }
    })
    .filter(Boolean);
}

const run = Date.now().toString(36);
const started = performance.now();
const deadline = setTimeout(() => {
  console.error(`deadline of ${DEADLINE_MS} ms reached; stopping`);
  process.exit(1);
}, DEADLINE_MS);

// Users and rooms over REST (not measured).
const users = [];
for (let i = 0; i < USERS; i++) {
  const username = `bench_${run}_${i}`;
  const reg = await api('POST', '/api/auth/register', undefined, {
    username,
    email: `${username}@bench.local`,
    password: `bench-password-${run}`,
  });
  users.push({ id: reg.user.id, token: reg.accessToken, room: null });
}
const rooms = [];
for (let r = 0; r < ROOMS; r++) {
  rooms.push(await api('POST', '/api/rooms', users[r % USERS].token, { name: `bench ${run} ${r}`, isPrivate: false }));
}
for (const [i, user] of users.entries()) {
  user.room = rooms[i % ROOMS].id;
  if (i >= ROOMS) await api('POST', `/api/rooms/${user.room}/join`, user.token);
}

// Connections (measured: connect + join-room acked).
const connectTimes = [];
await Promise.all(
  users.map(async (user) => {
    const t0 = performance.now();
    user.socket = io(GATEWAY_URL, { transports: ['websocket'], auth: { token: user.token }, reconnection: false, forceNew: true });
    await new Promise((resolve, reject) => {
      user.socket.once('connect', resolve);
      user.socket.once('connect_error', reject);
    });
    const ack = await user.socket.timeout(10_000).emitWithAck('join-room', { roomId: user.room });
    if (!ack.ok) throw new Error(`join-room: ${JSON.stringify(ack)}`);
    connectTimes.push(performance.now() - t0);
  }),
);

// Traffic: every user sends MESSAGES messages to its room; every member of the room should receive each one.
const sentAt = new Map(); // clientMsgId -> send time
const ackLatency = [];
const deliveryLatency = [];
let deliveries = 0;
let failures = 0;
const membersPerRoom = new Map(rooms.map((r) => [r.id, users.filter((u) => u.room === r.id).length]));
const expectedDeliveries = users.reduce((n, u) => n + membersPerRoom.get(u.room) * MESSAGES, 0);
for (const user of users) {
  user.socket.on('message-received', ({ message }) => {
    const t0 = sentAt.get(message.clientMsgId);
    if (t0 !== undefined) deliveryLatency.push(performance.now() - t0);
    deliveries++;
  });
}
const trafficStart = performance.now();
await Promise.all(
  users.map(async (user, i) => {
    await new Promise((r) => setTimeout(r, (i * SEND_INTERVAL_MS) / users.length)); // spread the senders
    for (let m = 0; m < MESSAGES; m++) {
      const clientMsgId = `${run}-${i}-${m}`;
      const t0 = performance.now();
      sentAt.set(clientMsgId, t0);
      const ack = await user.socket.timeout(15_000).emitWithAck('send-message', { roomId: user.room, content: `bench ${m}`, clientMsgId }).catch((e) => ({ ok: false, error: String(e) }));
      if (ack.ok) ackLatency.push(performance.now() - t0);
      else failures++;
      const wait = SEND_INTERVAL_MS - (performance.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }),
);
const settleUntil = performance.now() + 5_000;
while (deliveries < expectedDeliveries && performance.now() < settleUntil) await new Promise((r) => setTimeout(r, 50));
const trafficSeconds = (performance.now() - trafficStart) / 1000;
clearTimeout(deadline);
for (const user of users) user.socket.close();

const sent = users.length * MESSAGES;
console.log(`Teamchat socket benchmark against ${GATEWAY_URL}`);
console.log(`users/connections ${USERS}, rooms ${ROOMS}, messages per user ${MESSAGES} (one per ${SEND_INTERVAL_MS} ms per user)`);
console.log(summary('connect + join-room', connectTimes));
console.log(summary('send -> ack (durable)', ackLatency));
console.log(summary('send -> delivered', deliveryLatency));
console.log(`sent ${sent}, acked ${ackLatency.length}, failed ${failures}; delivered ${deliveries} of ${expectedDeliveries} expected`);
console.log(`throughput: ${(ackLatency.length / trafficSeconds).toFixed(1)} messages/s stored, ${(deliveries / trafficSeconds).toFixed(1)} deliveries/s, over ${trafficSeconds.toFixed(1)} s`);
for (const line of memoryOfServices()) console.log(line);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures || deliveries !== expectedDeliveries ? 1 : 0);
