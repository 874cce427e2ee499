// Fan-out benchmark: with several gateways, does each one's inbound event rate follow its own rooms' event rate
// (docs/events.md, "Live fan-out")? Every gateway gets rooms of its own, each at its own send rate (gateway i's rooms
// send i times as often as gateway 1's), plus rooms shared with the next gateway; a steady load of messages goes
// into every room, and the gateways' counters (chat_gateway_events_in_total by source, at /q/metrics) are read
// before and after. Prints per gateway: its rooms' event rate, what it received from room channels and from the
// user-events stream, and what every gateway read before (all events of every room).
//
//   GATEWAY_URLS=http://127.0.0.1:25080,http://127.0.0.1:25085,... \
//   METRICS_URLS=http://127.0.0.1:28580,http://127.0.0.1:28585,... \
//     node bench/fanout-bench.mjs [--rooms-per-gateway 3] [--users-per-room 4] [--room-rate 1] [--seconds 30]
//
// --room-rate: messages/s in each of gateway 1's rooms (gateway i's: i x that; shared rooms: that). Each user sends
// at most 2 messages/s (the gateway's default 20 per 10 s). Only talks to gateways on this machine.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const GATEWAYS = (process.env.GATEWAY_URLS ?? 'http://127.0.0.1:8080').split(',').map((u) => u.trim().replace(/\/$/, ''));
const METRICS = (process.env.METRICS_URLS ?? 'http://127.0.0.1:9080').split(',').map((u) => u.trim().replace(/\/$/, ''));
const ROOMS_PER_GATEWAY = Number(args['rooms-per-gateway'] ?? 3);
const USERS_PER_ROOM = Number(args['users-per-room'] ?? 4);
const ROOM_RATE = Number(args['room-rate'] ?? 1);
const SECONDS = Number(args.seconds ?? 30);

if (GATEWAYS.length !== METRICS.length) {
  console.error('GATEWAY_URLS and METRICS_URLS must name the same gateways, in the same order');
  process.exit(2);
}
for (const url of [...GATEWAYS, ...METRICS]) {
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname)) {
    console.error(`refusing to load ${url}: benchmarks only target this machine`);
    process.exit(2);
  }
}
const perUserRate = (GATEWAYS.length * ROOM_RATE) / USERS_PER_ROOM;
if (perUserRate > 2) {
  console.error(`each user would send ${perUserRate.toFixed(1)} messages/s, over the rate limit: add --users-per-room or lower --room-rate`);
  process.exit(2);
}

async function api(method, path, token, body) {
  const res = await fetch(GATEWAYS[0] + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** chat_gateway_events_in_total by source, and messages delivered to sockets, from a gateway's Prometheus page. */
async function counters(metricsUrl) {
  const text = await (await fetch(`${metricsUrl}/q/metrics`)).text();
  const value = (pattern) => Number(new RegExp(`^${pattern}\\s+([0-9.eE+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    room: value('chat_gateway_events_in_total\\{source="room-channel"\\}'),
    user: value('chat_gateway_events_in_total\\{source="user-stream"\\}'),
  };
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const run = Date.now().toString(36);
const loadBefore = load();

// Rooms: each gateway's own rooms (rate i x ROOM_RATE for gateway i), then one room shared by gateway i and i+1.
const rooms = [];
GATEWAYS.forEach((_, g) => {
  for (let r = 0; r < ROOMS_PER_GATEWAY; r++) rooms.push({ gateways: [g], rate: (g + 1) * ROOM_RATE, name: `own ${g + 1}.${r + 1}` });
});
if (GATEWAYS.length > 1) {
  GATEWAYS.forEach((_, g) => {
    const next = (g + 1) % GATEWAYS.length;
    if (GATEWAYS.length > 2 || g === 0) rooms.push({ gateways: [g, next], rate: ROOM_RATE, name: `shared ${g + 1}+${next + 1}` });
  });
}

// Users, rooms and memberships over REST (not measured); each room's members are spread over its gateways.
for (const room of rooms) {
  room.users = [];
  for (let u = 0; u < USERS_PER_ROOM; u++) {
    const username = `fan_${run}_${rooms.indexOf(room)}_${u}`;
    const reg = await api('POST', '/api/auth/register', undefined, {
      username,
      email: `${username}@bench.local`,
      password: `bench-password-${run}`,
    });
    room.users.push({ id: reg.user.id, token: reg.accessToken, gateway: room.gateways[u % room.gateways.length] });
  }
  const created = await api('POST', '/api/rooms', room.users[0].token, { name: `fanout ${run} ${room.name}`, isPrivate: false });
  room.id = created.id;
  for (const user of room.users.slice(1)) await api('POST', `/api/rooms/${room.id}/join`, user.token);
}

// Sockets: each user on its room's gateway, joined to its room; one room at a time (the gateways admit at most
// 50 connections per address that have not sent CONNECT yet).
for (const room of rooms) {
  await Promise.all(
    room.users.map(async (user) => {
      user.socket = io(GATEWAYS[user.gateway], { transports: ['websocket'], auth: { token: user.token }, reconnection: false, forceNew: true });
      await new Promise((resolve, reject) => {
        user.socket.once('connect', resolve);
        user.socket.once('connect_error', reject);
      });
      const ack = await user.socket.timeout(10_000).emitWithAck('join-room', { roomId: room.id });
      if (!ack.ok) throw new Error(`join-room: ${JSON.stringify(ack)}`);
      user.received = 0;
      user.socket.on('message-received', () => user.received++);
    }),
  );
}

// Steady load: each room sends at its rate, its members taking turns.
let failures = 0;
const timers = [];
function startSending() {
  for (const room of rooms) {
    room.sent = 0;
    room.acked = 0;
    let turn = 0;
    timers.push(
      setInterval(() => {
        const user = room.users[turn++ % room.users.length];
        room.sent++;
        user.socket
          .timeout(15_000)
          .emitWithAck('send-message', { roomId: room.id, content: `fan-out ${room.sent}`, clientMsgId: `${run}-${room.id}-${room.sent}` })
          .then((ack) => (ack.ok ? room.acked++ : failures++))
          .catch(() => failures++);
      }, 1000 / room.rate),
    );
  }
}

startSending();
await new Promise((r) => setTimeout(r, 3000)); // warm-up: every room sending
const before = await Promise.all(METRICS.map(counters));
const ackedBefore = rooms.map((room) => room.acked);
const t0 = performance.now();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const after = await Promise.all(METRICS.map(counters));
const seconds = (performance.now() - t0) / 1000;
const ackedDuring = rooms.map((room, i) => room.acked - ackedBefore[i]);
timers.forEach(clearInterval);
await new Promise((r) => setTimeout(r, 2000)); // the last acks
const loadAfter = load();
for (const room of rooms) for (const user of room.users) user.socket.close();

const allRoomsRate = ackedDuring.reduce((a, b) => a + b, 0) / seconds;
const pad = (v, n) => String(v).padStart(n);
console.log(`Teamchat fan-out benchmark: ${GATEWAYS.length} gateways, ${rooms.length} rooms (${ROOMS_PER_GATEWAY} own per gateway + shared), ${USERS_PER_ROOM} users per room`);
console.log(`steady ${seconds.toFixed(1)} s; every room's events: ${allRoomsRate.toFixed(1)} messages/s (what each gateway read before, from the one events stream)`);
console.log(`${'gateway'.padEnd(9)}${'rooms'.padStart(7)}${'own rooms msg/s'.padStart(17)}${'in: room channels/s'.padStart(21)}${'in: user stream/s'.padStart(19)}${'in / all events'.padStart(17)}`);
GATEWAYS.forEach((_, g) => {
  const mine = rooms.map((room, i) => (room.gateways.includes(g) ? ackedDuring[i] : 0)).reduce((a, b) => a + b, 0) / seconds;
  const roomIn = (after[g].room - before[g].room) / seconds;
  const userIn = (after[g].user - before[g].user) / seconds;
  const count = rooms.filter((room) => room.gateways.includes(g)).length;
  console.log(
    `${String(g + 1).padEnd(9)}${pad(count, 7)}${pad(mine.toFixed(1), 17)}${pad(roomIn.toFixed(1), 21)}${pad(userIn.toFixed(1), 19)}${pad(((roomIn + userIn) / allRoomsRate * 100).toFixed(0) + ' %', 17)}`,
  );
});
const sent = rooms.reduce((n, room) => n + room.sent, 0);
const acked = rooms.reduce((n, room) => n + room.acked, 0);
console.log(`sent ${sent}, acked ${acked}, failed ${failures}`);
console.log(`load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}`);
process.exit(failures ? 1 : 0);
