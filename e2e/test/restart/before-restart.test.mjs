// First half of the restart test (./chat test e2e runs it before stopping and restarting every service):
// messages acknowledged over the socket, whose ids are handed to after-restart.test.mjs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { api, clientMsgId, connect, describeResponse, emitAck, uniqueName } from '../lib.mjs';
import { saveState } from './state.mjs';

const T = { timeout: 30_000 };

describe('before a restart', T, () => {
  it('acknowledged messages are handed over to the after-restart check', T, async () => {
    const username = uniqueName('restart');
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const reg = await api('POST', '/api/auth/register', {
      json: { username, email: `${username}@example.com`, password },
    });
    assert.equal(reg.status, 201, describeResponse(reg));
    const token = reg.body.accessToken;
    const room = await api('POST', '/api/rooms', { token, json: { name: uniqueName('durable'), isPrivate: true } });
    assert.equal(room.status, 201, describeResponse(room));

    const socket = await connect(token);
    try {
      assert.equal((await emitAck(socket, 'join-room', { roomId: room.body.id })).ok, true);
      const messageIds = [];
      for (let i = 0; i < 3; i++) {
        const ack = await emitAck(socket, 'send-message', {
          roomId: room.body.id,
          content: `durable ${i}`,
          clientMsgId: clientMsgId(),
        });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        messageIds.push(ack.message.id);
      }
      saveState({ username, password, token, roomId: room.body.id, messageIds });
    } finally {
      socket.close();
    }
  });
});
