import { describe, expect, it } from 'vitest';
import type { Message } from '../../lib/types';
import {
  addPending,
  lastStoredId,
  markFailed,
  markPending,
  mergeMessages,
  removeMessage,
  toRows,
  updateMessage,
} from './message-list';
import type { ChatMessage } from './message-list';

function msg(n: number, extra: Partial<Message> = {}): Message {
  // UUIDv7-like ids: time-ordered, so lexical order is send order.
  const id = `0190${String(n).padStart(4, '0')}-0000-7000-8000-000000000000`;
  const createdAt = new Date(Date.UTC(2025, 0, 1, 12, 0, n)).toISOString();
  return {
    id,
    roomId: 'room',
    userId: 'u1',
    content: `message ${n}`,
    type: 'text',
    isEdited: false,
    createdAt,
    updatedAt: createdAt,
    ...extra,
  };
}

const contents = (list: ChatMessage[]) => list.map((m) => m.content);

describe('mergeMessages', () => {
  it('shows a newest-first history page oldest at the top', () => {
    const page = [msg(3), msg(2), msg(1)];
    const list = mergeMessages([], page);
    expect(contents(list)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(list.every((m) => m.state === 'sent')).toBe(true);
  });

  it('prepends an older page and appends live messages in order', () => {
    let list = mergeMessages([], [msg(6), msg(5), msg(4)]);
    list = mergeMessages(list, [msg(3), msg(2), msg(1)]);
    list = mergeMessages(list, [msg(7)]);
    expect(contents(list)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `message ${n}`));
  });

  it('dedupes by id (the same message from history, an event and an ack)', () => {
    let list = mergeMessages([], [msg(2), msg(1)]);
    list = mergeMessages(list, [msg(2)]);
    list = mergeMessages(list, [msg(2), msg(3), msg(3)]);
    expect(list.map((m) => m.id)).toEqual([msg(1).id, msg(2).id, msg(3).id]);
  });

  it('a later copy of a message replaces the earlier one (edits)', () => {
    let list = mergeMessages([], [msg(1)]);
    list = mergeMessages(list, [msg(1, { content: 'edited', isEdited: true })]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ content: 'edited', isEdited: true });
  });

  it('orders by id when two messages share a timestamp', () => {
    const same = '2025-01-01T12:00:00Z';
    const a = msg(1, { createdAt: same });
    const b = msg(2, { createdAt: same });
    expect(mergeMessages([], [b, a]).map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it('keeps pending messages below stored ones and replaces them when confirmed', () => {
    let list = mergeMessages([], [msg(1)]);
    list = addPending(list, { roomId: 'room', userId: 'me', content: 'hi', clientMsgId: 'c-1' });
    list = addPending(list, { roomId: 'room', userId: 'me', content: 'again', clientMsgId: 'c-2' });
    // Someone else's message arrives while ours are in flight: it goes above the pending ones.
    list = mergeMessages(list, [msg(2, { userId: 'u2' })]);
    expect(list.map((m) => `${m.content}:${m.state}`)).toEqual([
      'message 1:sent',
      'message 2:sent',
      'hi:pending',
      'again:pending',
    ]);

    // The event for our own first message arrives (same clientMsgId) -> replaces the pending one.
    const stored = msg(3, { userId: 'me', content: 'hi', clientMsgId: 'c-1' });
    list = mergeMessages(list, [stored]);
    // ... and then the ack for it too: still one copy.
    list = mergeMessages(list, [stored]);
    expect(list.map((m) => `${m.content}:${m.state}`)).toEqual([
      'message 1:sent',
      'message 2:sent',
      'hi:sent',
      'again:pending',
    ]);
    expect(list.filter((m) => m.clientMsgId === 'c-1')).toHaveLength(1);
  });

  it('marks a failed send, retries it, and a late confirmation still replaces it', () => {
    let list = addPending([], { roomId: 'room', userId: 'me', content: 'x', clientMsgId: 'c-9' });
    list = markFailed(list, 'c-9', 'Too Many Requests');
    expect(list[0]).toMatchObject({ state: 'failed', error: 'Too Many Requests' });
    list = markPending(list, 'c-9');
    expect(list[0]).toMatchObject({ state: 'pending', error: undefined });
    list = markFailed(list, 'c-9', 'timeout');
    list = mergeMessages(list, [msg(1, { content: 'x', clientMsgId: 'c-9' })]);
    expect(list).toHaveLength(1);
    expect(list[0]?.state).toBe('sent');
  });

  it('does not mark an already confirmed message as failed', () => {
    const list = mergeMessages([], [msg(1, { clientMsgId: 'c-1' })]);
    expect(markFailed(list, 'c-1', 'late timeout')[0]?.state).toBe('sent');
  });

  it('applies updates and deletions and reports the newest stored id', () => {
    let list = mergeMessages([], [msg(1), msg(2)]);
    list = addPending(list, { roomId: 'room', userId: 'me', content: 'p', clientMsgId: 'c' });
    expect(lastStoredId(list)).toBe(msg(2).id);
    list = updateMessage(list, msg(1, { content: 'changed', isEdited: true }));
    expect(list[0]?.content).toBe('changed');
    list = removeMessage(list, msg(2).id);
    expect(contents(list)).toEqual(['changed', 'p']);
    expect(lastStoredId(list)).toBe(msg(1).id);
    expect(lastStoredId([])).toBeNull();
  });
});

describe('toRows unread divider', () => {
  const sent = (m: Message): ChatMessage => ({ ...m, state: 'sent' });
  const kinds = (rows: ReturnType<typeof toRows>) =>
    rows.filter((r) => r.kind !== 'day').map((r) => (r.kind === 'unread' ? 'NEW' : r.key));

  it('goes before the first message from someone else after the marker, skipping my own', () => {
    const list = [msg(1), msg(2, { userId: 'me' }), msg(3), msg(4)].map(sent);
    const rows = toRows(list, new Date(), { afterId: msg(1).id, myId: 'me' });
    expect(kinds(rows)).toEqual([msg(1).id, msg(2).id, 'NEW', msg(3).id, msg(4).id]);
  });

  it('goes first when nothing was read, and nowhere without a marker to show', () => {
    const list = [msg(1), msg(2)].map(sent);
    expect(kinds(toRows(list, new Date(), { afterId: null, myId: 'me' }))[0]).toBe('NEW');
    expect(kinds(toRows(list))).not.toContain('NEW');
  });
});
