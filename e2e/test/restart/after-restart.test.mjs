// Second half of the restart test: every service was stopped and started again (PostgreSQL and Redis kept).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, clientMsgId, connect, describeResponse, emitAck, registerUser, waitFor } from '../lib.mjs';
import { loadState } from './state.mjs';

const T = { timeout: 30_000 };

describe('after every service restarted', T, () => {
  const before = loadState();

  it('the user logs in again and every acknowledged message is in the history, in order', T, async () => {
    const login = await api('POST', '/api/auth/login', { json: { login: before.username, password: before.password } });
    assert.equal(login.status, 200, describeResponse(login));
    const history = await api('GET', `/api/rooms/${before.roomId}/messages`, { token: login.body.accessToken });
    assert.equal(history.status, 200, describeResponse(history));
    const ids = history.body.items.map((m) => m.id);
    assert.deepEqual(ids, [...before.messageIds].reverse(), 'newest first, nothing lost, nothing doubled');
  });

  it('a token issued before the restart is still valid (the signing key is kept)', T, async () => {
    const me = await api('GET', '/api/users/me', { token: before.token });
    assert.equal(me.status, 200, describeResponse(me));
    assert.equal(me.body.username, before.username);
  });

  it('real-time delivery works again: a new message reaches another member', T, async () => {
    const login = await api('POST', '/api/auth/login', { json: { login: before.username, password: before.password } });
    const owner = login.body.accessToken;
    const guest = await registerUser('after_restart');
    const added = await api('POST', `/api/rooms/${before.roomId}/members`, {
      token: owner,
      json: { userId: guest.user.id },
    });
    assert.ok([200, 201].includes(added.status), describeResponse(added));
    const [a, b] = await Promise.all([connect(owner), connect(guest.token)]);
    try {
      assert.equal((await emitAck(a, 'join-room', { roomId: before.roomId })).ok, true);
      assert.equal((await emitAck(b, 'join-room', { roomId: before.roomId })).ok, true);
      const received = waitFor(b, 'message-received', (e) => e.message.content === 'back again');
      const ack = await emitAck(a, 'send-message', { roomId: before.roomId, content: 'back again', clientMsgId: clientMsgId() });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      assert.equal((await received).message.id, ack.message.id);
    } finally {
      a.close();
      b.close();
    }
  });
});
