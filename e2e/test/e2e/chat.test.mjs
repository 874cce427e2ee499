// End-to-end: the whole system driven as clients drive it, through the gateway only.
// GATEWAY_URL (default http://localhost:8080) must point at a running system (`./chat up`, or `./chat test e2e`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GATEWAY_URL,
  api,
  clientMsgId,
  connect,
  describeResponse,
  emitAck,
  registerUser,
  sleep,
  uniqueName,
  waitFor,
} from '../lib.mjs';

const T = { timeout: 30_000 };

function assertProblem(r, status) {
  assert.equal(r.status, status, describeResponse(r));
  const ct = r.headers.get('content-type') ?? '';
  assert.ok(ct.startsWith('application/problem+json'), `content-type ${ct}: ${describeResponse(r)}`);
  assert.equal(typeof r.body, 'object', describeResponse(r));
  assert.equal(r.body.status, status, describeResponse(r));
  assert.ok(r.body.title, `problem has a title: ${describeResponse(r)}`);
  const text = JSON.stringify(r.body);
  assert.doesNotMatch(text, /Exception|\tat |org\.hibernate|SQLState|jdbc:/, `no internals leak: ${text}`);
}

describe(`REST through the gateway (${GATEWAY_URL})`, T, () => {
  it('malformed JSON -> 400 application/problem+json', T, async () => {
    const r = await api('POST', '/api/auth/register', {
      body: '{"username": "x", ',
      headers: { 'Content-Type': 'application/json' },
    });
    assertProblem(r, 400);
  });

  it('no token -> 401 application/problem+json', T, async () => {
    assertProblem(await api('GET', '/api/rooms'), 401);
  });

  it('invalid token -> 401 application/problem+json', T, async () => {
    assertProblem(await api('GET', '/api/users/me', { token: 'not.a.jwt' }), 401);
  });

  it('register -> 201 {user, accessToken, expiresIn}; /api/users/me answers with it', T, async () => {
    const a = await registerUser('e2e_me');
    assert.equal(a.user.username, a.username);
    assert.match(a.user.id, /^[0-9a-f-]{36}$/i);
    const me = await api('GET', '/api/users/me', { token: a.token });
    assert.equal(me.status, 200, describeResponse(me));
    assert.equal(me.body.id, a.user.id);
  });
});

describe('Socket.IO authentication', T, () => {
  it('a bad token gets connect_error "unauthorized"', T, async () => {
    await assert.rejects(connect('definitely-not-a-token'), (err) => {
      assert.equal(err.message, 'unauthorized');
      return true;
    });
  });

  it('no token gets connect_error "unauthorized"', T, async () => {
    await assert.rejects(connect(undefined), (err) => {
      assert.equal(err.message, 'unauthorized');
      return true;
    });
  });
});

describe('two users chat in a public room over Socket.IO', T, () => {
  let a;
  let b;
  let room;
  const sockets = [];

  before(async () => {
    [a, b] = await Promise.all([registerUser('e2e_a'), registerUser('e2e_b')]);
    const created = await api('POST', '/api/rooms', {
      token: a.token,
      json: { name: uniqueName('room'), description: 'e2e', isPrivate: false },
    });
    assert.equal(created.status, 201, `create room: ${describeResponse(created)}`);
    room = created.body;
    assert.ok(room.id, 'room has an id');
    const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: b.token });
    assert.ok(joined.status >= 200 && joined.status < 300, `B joins: ${describeResponse(joined)}`);
    for (const u of [a, b]) {
      const s = await connect(u.token);
      sockets.push(s);
      u.socket = s;
    }
    for (const u of [a, b]) {
      const ack = await emitAck(u.socket, 'join-room', { roomId: room.id });
      assert.equal(ack?.ok, true, `join-room ack for ${u.username}: ${JSON.stringify(ack)}`);
    }
  }, T);

  after(() => {
    for (const s of sockets) s.close();
  });

  it('A sends, B receives message-received exactly once, and history has it', T, async () => {
    const content = `hello from A ${uniqueName('m')} <b>not html</b>`;
    const received = [];
    const onMsg = (evt) => {
      if (evt?.message?.content === content) received.push(evt);
    };
    b.socket.on('message-received', onMsg);
    try {
      const firstAtB = waitFor(b.socket, 'message-received', (e) => e?.message?.content === content);
      const ack = await emitAck(a.socket, 'send-message', { roomId: room.id, content, clientMsgId: clientMsgId() });
      assert.equal(ack?.ok, true, `send-message ack: ${JSON.stringify(ack)}`);
      const msg = ack.message;
      assert.ok(msg?.id, `ack carries the stored message: ${JSON.stringify(ack)}`);
      assert.equal(msg.content, content);
      assert.equal(msg.roomId, room.id);
      assert.equal(msg.userId, a.user.id);

      const evt = await firstAtB;
      assert.equal(evt.message.id, msg.id);
      assert.equal(evt.message.content, content);
      assert.equal(evt.user?.id, a.user.id);
      assert.equal(evt.user?.username, a.username);
      await sleep(750); // a duplicate delivery would arrive in this window
      assert.equal(received.length, 1, `B got the message ${received.length} times`);

      const hist = await api('GET', `/api/rooms/${room.id}/messages`, { token: b.token });
      assert.equal(hist.status, 200, describeResponse(hist));
      assert.ok(Array.isArray(hist.body?.items), `history is {items:[...]}: ${describeResponse(hist)}`);
      const found = hist.body.items.find((m) => m.id === msg.id);
      assert.ok(found, `history contains ${msg.id}: ${describeResponse(hist)}`);
      assert.equal(found.content, content);
    } finally {
      b.socket.off('message-received', onMsg);
    }
  });

  it('sending the same clientMsgId twice yields the same message', T, async () => {
    const cid = clientMsgId();
    const content = `idempotent ${uniqueName('m')}`;
    const first = await emitAck(a.socket, 'send-message', { roomId: room.id, content, clientMsgId: cid });
    assert.equal(first?.ok, true, JSON.stringify(first));
    const second = await emitAck(a.socket, 'send-message', { roomId: room.id, content, clientMsgId: cid });
    assert.equal(second?.ok, true, JSON.stringify(second));
    assert.equal(second.message.id, first.message.id);

    const hist = await api('GET', `/api/rooms/${room.id}/messages?limit=200`, { token: a.token });
    assert.equal(hist.status, 200, describeResponse(hist));
    const copies = hist.body.items.filter((m) => m.content === content);
    assert.equal(copies.length, 1, `stored ${copies.length} copies`);
  });

  it('a message sent over REST reaches the sockets of the room', T, async () => {
    const content = `via REST ${uniqueName('m')}`;
    const atA = waitFor(a.socket, 'message-received', (e) => e?.message?.content === content);
    const r = await api('POST', `/api/rooms/${room.id}/messages`, { token: b.token, json: { content } });
    assert.equal(r.status, 201, describeResponse(r));
    const evt = await atA;
    assert.equal(evt.message.id, r.body.id);
    assert.equal(evt.user?.id, b.user.id);
  });

  it('a non-member cannot join the socket room or read its history', T, async () => {
    const c = await registerUser('e2e_c');
    const s = await connect(c.token);
    sockets.push(s);
    const ack = await emitAck(s, 'join-room', { roomId: room.id });
    assert.equal(ack?.ok, false, `join-room by a non-member: ${JSON.stringify(ack)}`);
    const hist = await api('GET', `/api/rooms/${room.id}/messages`, { token: c.token });
    assert.ok([403, 404].includes(hist.status), describeResponse(hist));
  });
});
