import type { Message } from '../../lib/types';

/**
 * Whether the reader may unpin this message (docs/conversation.md, Pins): the member who pinned it,
 * and the room's owner and administrators (`canModerate`). A server whose views do not say who
 * pinned (`pinnedBy` absent) leaves it to the server, which answers 403 to others.
 */
export function mayUnpin(
  message: Pick<Message, 'pinnedBy'>,
  meId: string,
  canModerate: boolean,
): boolean {
  return canModerate || message.pinnedBy === undefined || message.pinnedBy === meId;
}
