// Mentions and read state across two gateway instances (docs/conversation.md), with the official socket.io-client:
// a mention sent on gateway 1 reaches the mentioned user's socket on gateway 2 without the room open, and a read on
// one device reaches the user's other sockets on both gateways; GET /api/rooms shows the counts.
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

async function myRoom(user, roomId) {
  const rooms = await api('GET', '/api/rooms', { token: user.token });
  assert.equal(rooms.status, 200, describeResponse(rooms));
  const room = rooms.body.find((r) => r.id === roomId);
  assert.ok(room, `room ${roomId} in ${JSON.stringify(rooms.body)}`);
  return room;
}

describe('mentions and read state across two gateways', { timeout: 60_000, skip }, () => {
  let sender; // on gateway 1, room open
  let reader; // two devices: one on each gateway, neither with the room open
  let room;
  const sockets = [];

  before(async () => {
    [sender, reader] = await Promise.all([registerUser('mn_s'), registerUser('mn_r')]);
    const created = await api('POST', '/api/rooms', {
      token: sender.token,
      json: { name: uniqueName('mentions'), description: 'mentions', isPrivate: false },
    });
    assert.equal(created.status, 201, describeResponse(created));
    room = created.body;
    const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: reader.token });
    assert.ok(joined.status < 300, describeResponse(joined));
    sender.socket = await connectTo(GATEWAY_URL, sender.token, {});
    reader.phone = await connectTo(GATEWAY2_URL, reader.token, {});
    reader.laptop = await connectTo(GATEWAY_URL, reader.token, { transports: ['websocket'] });
    sockets.push(sender.socket, reader.phone, reader.laptop);
    const ack = await emitAck(sender.socket, 'join-room', { roomId: room.id });
    assert.equal(ack?.ok, true, JSON.stringify(ack));
  });

  after(() => sockets.forEach((s) => s.close()));

  it('a mention on gateway 1 reaches the mentioned user on gateway 2 without the room open, and is counted', async () => {
    const onPhone = waitFor(reader.phone, 'mentioned', (d) => d.roomId === room.id);
    const onLaptop = waitFor(reader.laptop, 'mentioned', (d) => d.roomId === room.id);
    const sent = await emitAck(sender.socket, 'send-message', {
      roomId: room.id,
      content: `hey @${reader.username.toUpperCase()}, and @nobody_${reader.username}`,
      clientMsgId: clientMsgId(),
    });
    assert.equal(sent?.ok, true, JSON.stringify(sent));
    assert.deepEqual(sent.message.mentions, [reader.user.id]);
    const [phone, laptop] = await Promise.all([onPhone, onLaptop]);
    assert.equal(phone.message.id, sent.message.id);
    assert.equal(laptop.message.id, sent.message.id);

    const listed = await myRoom(reader, room.id);
    assert.equal(listed.unreadCount, 1);
    assert.equal(listed.mentionCount, 1);
    assert.equal(listed.lastReadId, null);
    const own = await myRoom(sender, room.id);
    assert.equal(own.unreadCount, 0, 'what you send, you have read');
    reader.mentionId = sent.message.id;
  });

  it('a read on one device reaches the other sockets on both gateways, and the counts drop for good', async () => {
    assert.ok(reader.mentionId, 'the previous test sent the message');
    const onPhone = waitFor(reader.phone, 'room-read', (d) => d.roomId === room.id);
    const onLaptop = waitFor(reader.laptop, 'room-read', (d) => d.roomId === room.id);
    const read = await api('PUT', `/api/rooms/${room.id}/read`, {
      token: reader.token,
      json: { messageId: reader.mentionId },
    });
    assert.equal(read.status, 200, describeResponse(read));
    assert.equal(read.body.lastReadId, reader.mentionId);
    const [phone, laptop] = await Promise.all([onPhone, onLaptop]);
    assert.equal(phone.lastReadId, reader.mentionId);
    assert.equal(laptop.lastReadId, reader.mentionId);

    const listed = await myRoom(reader, room.id);
    assert.equal(listed.unreadCount, 0);
    assert.equal(listed.mentionCount, 0);
    assert.equal(listed.lastReadId, reader.mentionId);

    const outsider = await registerUser('mn_o');
    const refused = await api('PUT', `/api/rooms/${room.id}/read`, {
      token: outsider.token,
      json: { messageId: reader.mentionId },
    });
    assert.equal(refused.status, 404, describeResponse(refused));
  });
});
