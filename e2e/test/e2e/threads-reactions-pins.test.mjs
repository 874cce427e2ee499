// Threads, reactions and pins across two gateway instances (docs/conversation.md), with the official socket.io-client:
// a reply sent on gateway 1, a reaction and a pin made over REST reach a member's socket on gateway 2 as
// message-received / message-updated / reaction-changed, and the REST views agree.
// GATEWAY2_URL names the second instance (./chat test e2e starts it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  GATEWAY2_URL,
  GATEWAY_URL,
  SKIP_WITHOUT_GATEWAY2,
  api,
  clientMsgId,
  connectTo,
  describeResponse,
  emitAck,
  registerUser,
  uniqueName,
  waitFor,
} from '../lib.mjs';

const skip = SKIP_WITHOUT_GATEWAY2;

describe('threads, reactions and pins across two gateways', { timeout: 60_000, skip }, () => {
  let author; // on gateway 1
  let member; // on gateway 2
  let room;
  let root;
  const sockets = [];

  before(async () => {
    [author, member] = await Promise.all([registerUser('tr_a'), registerUser('tr_m')]);
    const created = await api('POST', '/api/rooms', {
      token: author.token,
      json: { name: uniqueName('threads'), description: 'threads', isPrivate: false },
    });
    assert.equal(created.status, 201, describeResponse(created));
    room = created.body;
    const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: member.token });
    assert.ok(joined.status < 300, describeResponse(joined));
    author.socket = await connectTo(GATEWAY_URL, author.token, {});
    member.socket = await connectTo(GATEWAY2_URL, member.token, {});
    sockets.push(author.socket, member.socket);
    for (const s of sockets) {
      const ack = await emitAck(s, 'join-room', { roomId: room.id });
      assert.equal(ack?.ok, true, JSON.stringify(ack));
    }
    const sent = await emitAck(author.socket, 'send-message', {
      roomId: room.id,
      content: 'the root of a thread',
      clientMsgId: clientMsgId(),
    });
    assert.equal(sent?.ok, true, JSON.stringify(sent));
    root = sent.message;
  });

  after(() => sockets.forEach((s) => s.close()));

  it('a reply on gateway 1 reaches gateway 2, and the root there shows its reply count', async () => {
    const reply = waitFor(member.socket, 'message-received', (d) => d.message?.parentId === root.id);
    const rootUpdated = waitFor(
      member.socket,
      'message-updated',
      (d) => d.message?.id === root.id && d.message.replyCount === 1,
    );
    const sent = await emitAck(author.socket, 'send-message', {
      roomId: room.id,
      content: 'a reply',
      parentId: root.id,
      clientMsgId: clientMsgId(),
    });
    assert.equal(sent?.ok, true, JSON.stringify(sent));
    assert.equal(sent.message.parentId, root.id);
    const [received, updated] = await Promise.all([reply, rootUpdated]);
    assert.equal(received.message.id, sent.message.id);
    assert.ok(updated.message.lastReplyAt, 'the root carries lastReplyAt');

    const thread = await api('GET', `/api/messages/${root.id}/thread`, { token: member.token });
    assert.equal(thread.status, 200, describeResponse(thread));
    assert.deepEqual(
      thread.body.items.map((m) => m.id),
      [sent.message.id],
    );
  });

  it('a reaction over REST reaches gateway 2 as reaction-changed, and history counts it with me', async () => {
    const changed = waitFor(
      member.socket,
      'reaction-changed',
      (d) => d.messageId === root.id && d.added === true,
    );
    const put = await api('PUT', `/api/messages/${root.id}/reactions/${encodeURIComponent('👍')}`, {
      token: author.token,
    });
    assert.ok(put.status < 300, describeResponse(put));
    const event = await changed;
    assert.equal(event.emoji, '👍');
    assert.equal(event.userId, author.user.id);
    assert.equal(event.roomId, room.id);

    const history = await api('GET', `/api/rooms/${room.id}/messages?limit=10`, { token: author.token });
    assert.equal(history.status, 200, describeResponse(history));
    const seen = history.body.items.find((m) => m.id === root.id);
    assert.deepEqual(seen.reactions, [{ emoji: '👍', count: 1, me: true }]);
  });

  it('a pin over REST reaches gateway 2 as message-updated and is listed', async () => {
    const pinned = waitFor(
      member.socket,
      'message-updated',
      (d) => d.message?.id === root.id && d.message.pinned === true,
    );
    const put = await api('PUT', `/api/messages/${root.id}/pin`, { token: member.token });
    assert.equal(put.status, 200, describeResponse(put));
    await pinned;
    const pins = await api('GET', `/api/rooms/${room.id}/pins`, { token: author.token });
    assert.equal(pins.status, 200, describeResponse(pins));
    assert.deepEqual(
      pins.body.items.map((m) => m.id),
      [root.id],
    );
  });
});
