/**
 * TanStack Query keys shared by features: one place, so a socket event handled in one feature can
 * update the cache another feature reads without importing it.
 */
export const queryKeys = {
  myRooms: ['rooms', 'mine'] as const,
  discover: (q: string) => ['rooms', 'discover', q] as const,
  room: (roomId: string) => ['rooms', 'one', roomId] as const,
  /** A room just taken out of my rooms (forgetMyRoom), kept a while so later events can still name it. */
  forgottenRoom: (roomId: string) => ['rooms', 'forgotten', roomId] as const,
  members: (roomId: string) => ['rooms', 'members', roomId] as const,
  messages: (roomId: string) => ['messages', roomId] as const,
  threads: ['thread'] as const,
  thread: (messageId: string) => ['thread', messageId] as const,
  pins: (roomId: string) => ['pins', roomId] as const,
  /** The emoji picker's data set (a bundled chunk, loaded once on first use). */
  emojiData: ['emoji-data'] as const,
  search: (q: string, roomId: string | null) => ['search', roomId ?? 'all', q] as const,
  users: (ids: readonly string[]) => ['users', 'ids', ...ids] as const,
  userSearch: (q: string) => ['users', 'search', q] as const,
  audit: (userId: string | null) => ['audit', userId ?? 'all'] as const,
  presenceAll: ['presence'] as const,
  presence: (ids: readonly string[]) => ['presence', ...ids] as const,
};
