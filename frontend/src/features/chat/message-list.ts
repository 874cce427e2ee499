import type { Message } from '../../lib/types';

/** How a message stands from this client's point of view. */
export type DeliveryState = 'sent' | 'pending' | 'failed';

export interface ChatMessage extends Message {
  state: DeliveryState;
  /** Why a send failed (state 'failed'). */
  error?: string;
}

/**
 * Stored messages in send order. Ids are time-ordered (UUIDv7) per the contract; createdAt is
 * compared first so that a server that does not honour that still yields a sane order, and the id
 * breaks ties within the same instant. Each createdAt is parsed once (not once per comparison):
 * with 10,000 messages loaded this sort runs on every page and every live message.
 */
function sortStored(messages: Iterable<ChatMessage>): ChatMessage[] {
  const keyed = Array.from(messages, (m) => {
    const time = Date.parse(m.createdAt);
    return { m, time: Number.isNaN(time) ? 0 : time };
  });
  keyed.sort((a, b) =>
    a.time !== b.time ? a.time - b.time : a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0,
  );
  return keyed.map((k) => k.m);
}

/**
 * Merges incoming stored messages (a history page in any order, a socket event, an ack) into the
 * current list and returns a new list:
 * - one entry per message id (a later copy replaces an earlier one, e.g. an edit);
 * - a pending/failed local message is replaced by the stored message with the same clientMsgId;
 * - stored messages oldest first; local (pending/failed) ones after them, in the order sent.
 */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly Message[],
): ChatMessage[] {
  if (incoming.length === 0) return current as ChatMessage[];
  const byId = new Map<string, ChatMessage>();
  const local: ChatMessage[] = [];
  for (const m of current) {
    if (m.state === 'sent') byId.set(m.id, m);
    else local.push(m);
  }
  const confirmedClientIds = new Set<string>();
  for (const m of incoming) {
    byId.set(m.id, { ...m, state: 'sent' });
    if (m.clientMsgId) confirmedClientIds.add(m.clientMsgId);
  }
  const stillLocal = local.filter((m) => !m.clientMsgId || !confirmedClientIds.has(m.clientMsgId));
  const stored = sortStored(byId.values());
  return [...stored, ...stillLocal];
}

/** Adds an optimistic, not yet acknowledged message. */
export function addPending(
  current: readonly ChatMessage[],
  draft: { roomId: string; userId: string; content: string; clientMsgId: string; now?: Date },
): ChatMessage[] {
  const now = (draft.now ?? new Date()).toISOString();
  const pending: ChatMessage = {
    id: `local:${draft.clientMsgId}`,
    roomId: draft.roomId,
    userId: draft.userId,
    content: draft.content,
    type: 'text',
    isEdited: false,
    createdAt: now,
    updatedAt: now,
    clientMsgId: draft.clientMsgId,
    state: 'pending',
  };
  return [...current, pending];
}

/** Marks a local message as failed (nothing happens if it was confirmed meanwhile). */
export function markFailed(
  current: readonly ChatMessage[],
  clientMsgId: string,
  error: string,
): ChatMessage[] {
  return current.map((m) =>
    m.state !== 'sent' && m.clientMsgId === clientMsgId ? { ...m, state: 'failed', error } : m,
  );
}

/** Puts a failed message back to pending for a retry. */
export function markPending(current: readonly ChatMessage[], clientMsgId: string): ChatMessage[] {
  return current.map((m) =>
    m.state === 'failed' && m.clientMsgId === clientMsgId
      ? { ...m, state: 'pending', error: undefined }
      : m,
  );
}

export function removeMessage(current: readonly ChatMessage[], messageId: string): ChatMessage[] {
  return current.filter((m) => m.id !== messageId);
}

/** Applies a `message-updated` event; ignores messages not in the list. */
export function updateMessage(current: readonly ChatMessage[], message: Message): ChatMessage[] {
  return current.map((m) => (m.id === message.id ? { ...message, state: 'sent' } : m));
}

/** The newest stored message id, for `sync {roomId, afterId}` after a reconnect. */
export function lastStoredId(current: readonly ChatMessage[]): string | null {
  for (let i = current.length - 1; i >= 0; i--) {
    const m = current[i];
    if (m && m.state === 'sent') return m.id;
  }
  return null;
}

/** A row of the conversation: a day divider, or a message that may start a new author group. */
export type Row =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: ChatMessage; startsGroup: boolean };

/** Where "New messages" goes: after my read marker (`null`: before everything), before others' messages. */
export interface UnreadMark {
  afterId: string | null;
  myId: string;
}

/** Messages by the same author within this long of each other share one header. */
const GROUP_GAP_MS = 5 * 60_000;

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** "Today", "Yesterday" or the full date, in the reader's time zone. */
export function dayLabel(d: Date, now = new Date()): string {
  const today = dayKey(now);
  const yesterday = dayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const key = dayKey(d);
  if (key === today) return 'Today';
  if (key === yesterday) return 'Yesterday';
  return dayFormat.format(d);
}

/**
 * Rows for display: a divider before the first message of each day, "New messages" before the first
 * message from someone else past my read marker (when `unread` is given), and `startsGroup` on a
 * message whose author differs from the previous one's (or that follows a gap), so only it shows a header.
 */
export function toRows(
  messages: readonly ChatMessage[],
  now = new Date(),
  unread: UnreadMark | null = null,
): Row[] {
  const rows: Row[] = [];
  let prev: ChatMessage | undefined;
  let unreadShown = false;
  for (const m of messages) {
    const at = new Date(m.createdAt);
    const prevAt = prev ? new Date(prev.createdAt) : null;
    const newDay = !prevAt || dayKey(prevAt) !== dayKey(at);
    if (newDay) rows.push({ kind: 'day', key: `day:${dayKey(at)}`, label: dayLabel(at, now) });
    const firstUnread =
      unread !== null &&
      !unreadShown &&
      m.state === 'sent' &&
      m.userId !== unread.myId &&
      (unread.afterId === null || m.id > unread.afterId);
    if (firstUnread) {
      rows.push({ kind: 'unread', key: 'unread' });
      unreadShown = true;
    }
    const startsGroup =
      newDay ||
      firstUnread ||
      !prev ||
      prev.userId !== m.userId ||
      m.type === 'system' ||
      at.getTime() - (prevAt?.getTime() ?? 0) > GROUP_GAP_MS;
    rows.push({
      kind: 'message',
      key: m.clientMsgId && m.state !== 'sent' ? `local:${m.clientMsgId}` : m.id,
      message: m,
      startsGroup,
    });
    prev = m;
  }
  return rows;
}
