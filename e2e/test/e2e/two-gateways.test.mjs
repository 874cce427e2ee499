// Two gateway instances (./chat test e2e starts the second one with `./chat up --gateways 2`): every socket event
// crosses from one instance to the other, with the official socket.io-client both with its default options
// (HTTP long-polling first, then the websocket upgrade) and websocket-only; then one gateway is SIGKILLed and its
// clients reconnect to the other, where `sync` gives them exactly what they missed.
// GATEWAY2_URL names the second instance; CHAT_STATE_DIR finds its pid file (for the SIGKILL).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import {
  GATEWAY2_URL,
  GATEWAY_URL,
  SKIP_WITHOUT_GATEWAY2,
  SOCKET_TIMEOUT_MS,
  api,
  clientMsgId,
  connectTo,
  describeResponse,
  emitAck,
  registerUser,
  uniqueName,
  waitFor,
} from '../lib.mjs';

const PID_FILE = process.env.CHAT_STATE_DIR ? join(process.env.CHAT_STATE_DIR, 'pids', 'gateway-service-2.pid') : '';
const skip = SKIP_WITHOUT_GATEWAY2;
const T = { timeout: 60_000 };

const MODES = {
  'default options (polling, then upgrade)': {},
  'websocket only': { transports: ['websocket'] },
};

/** records every event of these names, so a test can count deliveries */
function record(socket, names) {
  const seen = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) socket.on(n, (data) => seen[n].push(data));
  return seen;
}

async function ok(socket, event, payload) {
  const ack = await emitAck(socket, event, payload);
  assert.equal(ack?.ok, true, `${event} ${JSON.stringify(payload)} -> ${JSON.stringify(ack)}`);
  return ack;
}

async function publicRoom(owner, ...members) {
  const created = await api('POST', '/api/rooms', {
    token: owner.token,
    json: { name: uniqueName('gw2'), description: 'two gateways', isPrivate: false },
  });
  assert.equal(created.status, 201, describeResponse(created));
  for (const m of members) {
    const joined = await api('POST', `/api/rooms/${created.body.id}/join`, { token: m.token });
    assert.ok(joined.status < 300, describeResponse(joined));
  }
  return created.body;
}

for (const [mode, options] of Object.entries(MODES)) {
  describe(`every socket event across two gateways, ${mode}`, { ...T, skip }, () => {
    let a; // on gateway 1
    let b; // on gateway 2
    let c; // on gateway 2, joins and leaves the room
    let room;
    const sockets = [];

    before(async () => {
      [a, b, c] = await Promise.all([registerUser('gw_a'), registerUser('gw_b'), registerUser('gw_c')]);
      room = await publicRoom(a, b);
      a.socket = await connectTo(GATEWAY_URL, a.token, options);
      b.socket = await connectTo(GATEWAY2_URL, b.token, options);
      sockets.push(a.socket, b.socket);
      a.seen = record(a.socket, ['message-received', 'typing-indicator']);
      b.seen = record(b.socket, ['message-received', 'typing-indicator']);
      for (const u of [a, b]) {
        const ack = await ok(u.socket, 'join-room', { roomId: room.id });
        assert.equal(ack.room?.id, room.id, JSON.stringify(ack));
      }
    }, T);

    after(() => {
      for (const s of sockets) s.close();
    });

    it('send-message is acked once stored and delivered exactly once on the other gateway, both ways', T, async () => {
      const fromA = `from gateway 1 ${uniqueName('m')}`;
      const atB = waitFor(b.socket, 'message-received', (e) => e?.message?.content === fromA);
      const ackA = await ok(a.socket, 'send-message', { roomId: room.id, content: fromA, clientMsgId: clientMsgId() });
      assert.equal(ackA.message.content, fromA);
      const evt = await atB;
      assert.equal(evt.message.id, ackA.message.id);
      assert.equal(evt.user?.id, a.user.id);

      const fromB = `from gateway 2 ${uniqueName('m')}`;
      const atA = waitFor(a.socket, 'message-received', (e) => e?.message?.content === fromB);
      const ackB = await ok(b.socket, 'send-message', { roomId: room.id, content: fromB, clientMsgId: clientMsgId() });
      assert.equal((await atA).message.id, ackB.message.id);

      // A later message is a barrier: once it is in, a duplicate of the earlier ones would be too.
      const barrier = `barrier ${uniqueName('m')}`;
      const barrierAtB = waitFor(b.socket, 'message-received', (e) => e?.message?.content === barrier);
      await ok(a.socket, 'send-message', { roomId: room.id, content: barrier });
      await barrierAtB;
      assert.equal(b.seen['message-received'].filter((e) => e.message.id === ackA.message.id).length, 1);
      assert.equal(a.seen['message-received'].filter((e) => e.message.id === ackB.message.id).length, 1);
    });

    it('edit-message and delete-message reach the other gateway as message-updated and message-deleted', T, async () => {
      const sent = await ok(a.socket, 'send-message', { roomId: room.id, content: `to change ${uniqueName('m')}` });
      const id = sent.message.id;
      const updated = waitFor(b.socket, 'message-updated', (e) => e?.message?.id === id);
      const edit = await ok(a.socket, 'edit-message', { messageId: id, content: 'changed on gateway 1' });
      assert.equal(edit.message.content, 'changed on gateway 1');
      const u = await updated;
      assert.equal(u.message.content, 'changed on gateway 1');
      assert.equal(u.message.isEdited, true);

      const deleted = waitFor(b.socket, 'message-deleted', (e) => e?.messageId === id);
      await ok(a.socket, 'delete-message', { messageId: id });
      assert.equal((await deleted).roomId, room.id);
    });

    it('an image message sent over the socket reaches the other gateway with its attachment', T, async () => {
      // a 1x1 PNG, uploaded through gateway 1 with a wrong type claim: the server detects image/png itself
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      );
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'text/plain' }), 'dot.png');
      const uploaded = await api('POST', `/api/rooms/${room.id}/attachments`, { token: a.token, body: form });
      assert.equal(uploaded.status, 201, describeResponse(uploaded));
      assert.equal(uploaded.body.contentType, 'image/png');

      const atB = waitFor(b.socket, 'message-received', (e) => e?.message?.attachment?.id === uploaded.body.id);
      const sent = await ok(a.socket, 'send-message', {
        roomId: room.id,
        type: 'image',
        attachmentId: uploaded.body.id,
        content: 'a dot',
        clientMsgId: clientMsgId(),
      });
      assert.equal(sent.message.attachment?.id, uploaded.body.id);
      const received = (await atB).message;
      assert.equal(received.id, sent.message.id);
      assert.equal(received.type, 'image');
      assert.deepEqual(
        { name: received.attachment.name, size: received.attachment.size, width: received.attachment.width },
        { name: 'dot.png', size: png.length, width: 1 },
      );
      assert.ok(received.attachment.thumbnailUrl, JSON.stringify(received.attachment));

      // B downloads it through gateway 2
      const download = await fetch(`${GATEWAY2_URL}${received.attachment.url}`, {
        headers: { Authorization: `Bearer ${b.token}` },
      });
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), png);
    });

    it('typing-indicator reaches the member on the other gateway, not a non-member there, never the typist', T, async () => {
      // E is on gateway 2 as well, in another room only (A is in it too, for a barrier)
      const e = await registerUser('gw_e');
      const elsewhere = await publicRoom(e, a);
      e.socket = await connectTo(GATEWAY2_URL, e.token, options);
      sockets.push(e.socket);
      const eSeen = record(e.socket, ['typing-indicator'])['typing-indicator'];
      await ok(e.socket, 'join-room', { roomId: elsewhere.id });
      await ok(a.socket, 'join-room', { roomId: elsewhere.id });

      const start = waitFor(b.socket, 'typing-indicator', (ev) => ev?.userId === a.user.id && ev.isTyping === true);
      await ok(a.socket, 'typing-start', { roomId: room.id });
      assert.equal((await start).roomId, room.id);
      const stop = waitFor(b.socket, 'typing-indicator', (ev) => ev?.userId === a.user.id && ev.isTyping === false);
      await ok(a.socket, 'typing-stop', { roomId: room.id });
      await stop;
      // barrier for E: A types in E's room; once that arrives, typing of A's other room would have come before
      const inElsewhere = waitFor(e.socket, 'typing-indicator', (ev) => ev?.roomId === elsewhere.id);
      await ok(a.socket, 'typing-start', { roomId: elsewhere.id });
      await inElsewhere;
      await ok(a.socket, 'typing-stop', { roomId: elsewhere.id });
      assert.deepEqual(eSeen.filter((ev) => ev.roomId === room.id), [], 'not to a non-member on the same gateway');
      assert.equal(a.seen['typing-indicator'].filter((ev) => ev.userId === a.user.id).length, 0, 'not echoed');
      await ok(a.socket, 'leave-room', { roomId: elsewhere.id });
    });

    it('user-joined, user-left and removed-from-room cross gateways', T, async () => {
      c.socket = await connectTo(GATEWAY2_URL, c.token, options);
      sockets.push(c.socket);
      const joinedAtA = waitFor(a.socket, 'user-joined', (e) => e?.user?.id === c.user.id);
      const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: c.token });
      assert.ok(joined.status < 300, describeResponse(joined));
      assert.equal((await joinedAtA).roomId, room.id);
      await ok(c.socket, 'join-room', { roomId: room.id });

      // the owner (on gateway 1) kicks C (on gateway 2)
      const removed = waitFor(c.socket, 'removed-from-room', (e) => e?.roomId === room.id);
      const leftAtA = waitFor(a.socket, 'user-left', (e) => e?.userId === c.user.id);
      const kicked = await api('DELETE', `/api/rooms/${room.id}/members/${c.user.id}`, { token: a.token });
      assert.ok(kicked.status < 300, describeResponse(kicked));
      await removed;
      assert.equal((await leftAtA).roomId, room.id);
    });

    it('leave-room stops the room reaching that socket; join-room and sync bring it back', T, async () => {
      const before = await ok(a.socket, 'send-message', { roomId: room.id, content: `before leave ${uniqueName('m')}` });
      await ok(b.socket, 'leave-room', { roomId: room.id });
      const missed = await ok(a.socket, 'send-message', { roomId: room.id, content: `while away ${uniqueName('m')}` });
      // B is in no other room: a barrier on another room it watches shows nothing more is coming
      const other = await publicRoom(a, b);
      await ok(b.socket, 'join-room', { roomId: other.id });
      const barrier = waitFor(b.socket, 'message-received', (e) => e?.message?.roomId === other.id);
      await ok(a.socket, 'send-message', { roomId: other.id, content: 'barrier' });
      await barrier;
      assert.equal(b.seen['message-received'].filter((e) => e.message.id === missed.message.id).length, 0);

      await ok(b.socket, 'join-room', { roomId: room.id });
      const synced = await ok(b.socket, 'sync', { roomId: room.id, afterId: before.message.id });
      assert.deepEqual(
        synced.items.map((m) => m.id).sort(),
        [missed.message.id],
        `sync after ${before.message.id}: ${JSON.stringify(synced)}`,
      );
      assert.equal(synced.hasMore, false);
    });

    it('presence-changed crosses gateways: online, away, custom status, offline', T, async () => {
      const d = await registerUser('gw_d');
      const member = await api('POST', `/api/rooms/${room.id}/join`, { token: d.token });
      assert.ok(member.status < 300, describeResponse(member));
      const isD = (pred) => (e) => e?.userId === d.user.id && pred(e);
      const online = waitFor(a.socket, 'presence-changed', isD((e) => e.isOnline === true));
      d.socket = await connectTo(GATEWAY2_URL, d.token, options);
      sockets.push(d.socket);
      await online;

      const away = waitFor(a.socket, 'presence-changed', isD((e) => e.away === true));
      await ok(d.socket, 'presence-activity', { idle: true });
      await away;

      const status = waitFor(a.socket, 'presence-changed', isD((e) => e.status === 'on a call'));
      const set = await api('PUT', '/api/presence/me/status', { token: d.token, json: { text: 'on a call' } });
      assert.ok(set.status < 300, describeResponse(set));
      await status;

      const offline = waitFor(a.socket, 'presence-changed', isD((e) => e.isOnline === false));
      d.socket.close();
      const gone = await offline;
      assert.ok(gone.lastSeen, `lastSeen when the last socket went: ${JSON.stringify(gone)}`);
    });

    it('room-updated reaches the room on both gateways', T, async () => {
      const name = uniqueName('renamed');
      const atA = waitFor(a.socket, 'room-updated', (e) => e?.room?.id === room.id && e.room.name === name);
      const atB = waitFor(b.socket, 'room-updated', (e) => e?.room?.id === room.id && e.room.name === name);
      const r = await api('PATCH', `/api/rooms/${room.id}`, { token: a.token, json: { name } });
      assert.ok(r.status < 300, describeResponse(r));
      await Promise.all([atA, atB]);
    });

    it('room-deleted reaches the room on both gateways', T, async () => {
      const doomed = await publicRoom(a, b);
      await ok(a.socket, 'join-room', { roomId: doomed.id });
      await ok(b.socket, 'join-room', { roomId: doomed.id });
      const atA = waitFor(a.socket, 'room-deleted', (e) => e?.roomId === doomed.id);
      const atB = waitFor(b.socket, 'room-deleted', (e) => e?.roomId === doomed.id);
      const r = await api('DELETE', `/api/rooms/${doomed.id}`, { token: a.token });
      assert.ok(r.status < 300, describeResponse(r));
      await Promise.all([atA, atB]);
    });
  });
}

/**
 * A load balancer in front of both gateways: each TCP connection goes to the first instance that accepts it
 * (gateway 2 while it lives), so a polling session's requests stay on one instance, as sticky sessions keep them.
 */
function balancer(urls) {
  const targets = urls.map((u) => new URL(u));
  const server = createServer((client) => {
    client.pause();
    const attempt = (i) => {
      if (i >= targets.length) {
        client.destroy();
        return;
      }
      const upstream = tcpConnect(Number(targets[i].port), targets[i].hostname);
      upstream.once('connect', () => {
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.once('error', () => attempt(i + 1));
    };
    attempt(0);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('SIGKILL of a gateway: its clients reconnect to the other and sync what they missed', { ...T, skip }, () => {
  let lb;
  let a; // sends from gateway 1 throughout
  const readers = [];
  let room;
  let stayer;

  before(async () => {
    assert.ok(existsSync(PID_FILE), `the second gateway's pid file ${PID_FILE} (CHAT_STATE_DIR)`);
    lb = await balancer([GATEWAY2_URL, GATEWAY_URL]);
    const lbUrl = `http://127.0.0.1:${lb.address().port}`;
    a = await registerUser('kill_a');
    for (const [name, options] of Object.entries(MODES)) {
      const u = await registerUser('kill_r');
      u.mode = name;
      u.socket = io(lbUrl, {
        auth: (cb) => cb({ token: u.token }),
        forceNew: true,
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
        timeout: SOCKET_TIMEOUT_MS,
        ...options,
      });
      u.connects = 0;
      u.socket.on('connect', () => u.connects++);
      u.received = record(u.socket, ['message-received'])['message-received'];
      readers.push(u);
    }
    // a user whose only socket is on gateway 2 and does not reconnect: offline once gateway 2 is gone
    stayer = await registerUser('kill_s');
    stayer.socket = await connectTo(GATEWAY2_URL, stayer.token, { reconnection: false });
    room = await publicRoom(a, ...readers, stayer);
    a.socket = await connectTo(GATEWAY_URL, a.token);
    await ok(a.socket, 'join-room', { roomId: room.id });
    for (const u of readers) {
      if (!u.socket.connected) await waitFor(u.socket, 'connect', () => true);
      await ok(u.socket, 'join-room', { roomId: room.id });
    }
  }, T);

  after(() => {
    a?.socket?.close();
    stayer?.socket?.close();
    for (const u of readers) u.socket.close();
    lb?.close();
  });

  it('nothing acknowledged is lost, and sync after the last seen id gives exactly the missed messages', T, async () => {
    // Before the kill: each reader sends one (acked on gateway 2) and sees one from A.
    const ackedOnTwo = [];
    for (const u of readers) {
      const ack = await ok(u.socket, 'send-message', { roomId: room.id, content: `from ${u.mode}`, clientMsgId: clientMsgId() });
      ackedOnTwo.push(ack.message.id);
    }
    const seen = `seen by all ${uniqueName('m')}`;
    const arrivals = readers.map((u) => waitFor(u.socket, 'message-received', (e) => e?.message?.content === seen));
    const seenAck = await ok(a.socket, 'send-message', { roomId: room.id, content: seen });
    await Promise.all(arrivals);

    // presence-service sweeps a gateway whose heartbeat expired: its users with no other socket go offline
    const stayerOffline = waitFor(
      a.socket,
      'presence-changed',
      (e) => e?.userId === stayer.user.id && e.isOnline === false,
      30_000,
    );
    const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    const reconnected = readers.map((u) => waitFor(u.socket, 'connect', () => true, 30_000));

    // While the readers are away (or reconnecting), A's messages are acked, so they are stored.
    const missed = [];
    for (let i = 0; i < 3; i++) {
      const ack = await ok(a.socket, 'send-message', { roomId: room.id, content: `missed ${i}`, clientMsgId: clientMsgId() });
      missed.push(ack.message.id);
    }
    await Promise.all(reconnected);

    for (const u of readers) {
      // the recipe of docs/socket-protocol.md: join-room again, then sync after the last message seen
      await ok(u.socket, 'join-room', { roomId: room.id });
      const synced = await ok(u.socket, 'sync', { roomId: room.id, afterId: seenAck.message.id });
      const live = u.received.map((e) => e.message.id).filter((id) => missed.includes(id));
      const merged = [...new Set([...synced.items.map((m) => m.id), ...live])].sort();
      assert.deepEqual(synced.items.map((m) => m.id).sort(), missed, `${u.mode}: sync gives exactly what was missed`);
      assert.deepEqual(merged, missed, `${u.mode}: nothing extra arrived live`);
      assert.equal(u.connects, 2, `${u.mode}: reconnected once, to gateway 1`);
    }

    // Delivery goes on through gateway 1 for the reconnected clients.
    const afterKill = `after the kill ${uniqueName('m')}`;
    const live = readers.map((u) => waitFor(u.socket, 'message-received', (e) => e?.message?.content === afterKill));
    await ok(a.socket, 'send-message', { roomId: room.id, content: afterKill });
    await Promise.all(live);

    await stayerOffline; // within 30 s of the kill, though the socket never said goodbye

    const hist = await api('GET', `/api/rooms/${room.id}/messages?limit=200`, { token: a.token });
    assert.equal(hist.status, 200, describeResponse(hist));
    const ids = hist.body.items.map((m) => m.id);
    for (const id of [...ackedOnTwo, seenAck.message.id, ...missed]) {
      assert.ok(ids.includes(id), `acknowledged message ${id} is stored`);
    }
  });
});
