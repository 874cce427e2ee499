import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../lib/api-client';
import { queryKeys } from '../../lib/query-keys';
import { useAuth } from '../../lib/session';
import type { Message, Page } from '../../lib/types';

export const PAGE_SIZE = 50;

type History = InfiniteData<Page<Message>, unknown>;

export function fetchMessages(
  client: ApiClient,
  roomId: string,
  opts: { before?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<Message>> {
  return client.get<Page<Message>>(
    `/api/rooms/${encodeURIComponent(roomId)}/messages`,
    { limit: opts.limit ?? PAGE_SIZE, before: opts.before ?? undefined },
    opts.signal,
  );
}

/**
 * A room's stored history: newest page first (`GET /api/rooms/{id}/messages`), older pages by the
 * `nextBefore` cursor. Live events and catch-up write into the same cache (see the helpers below),
 * so it never refetches by itself.
 */
export function useRoomHistory(roomId: string) {
  const { client } = useAuth();
  return useInfiniteQuery({
    queryKey: queryKeys.messages(roomId),
    queryFn: ({ pageParam, signal }) =>
      fetchMessages(client, roomId, { before: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore && last.nextBefore ? last.nextBefore : undefined),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
}

/** All stored messages of the loaded pages (any order; the list sorts them). */
export function historyItems(data: History | undefined): Message[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

function editHistory(
  queryClient: QueryClient,
  roomId: string,
  edit: (pages: Page<Message>[]) => Page<Message>[],
): void {
  queryClient.setQueryData<History>(queryKeys.messages(roomId), (data) =>
    data ? { ...data, pages: edit(data.pages) } : data,
  );
}

/** Adds stored messages (an event, an ack, a catch-up) to the newest page; an existing id is replaced. */
export function addToHistory(queryClient: QueryClient, roomId: string, messages: Message[]): void {
  if (messages.length === 0) return;
  const ids = new Set(messages.map((m) => m.id));
  editHistory(queryClient, roomId, (pages) =>
    pages.map((p, i) => {
      const rest = p.items.filter((m) => !ids.has(m.id));
      return i === 0 ? { ...p, items: [...messages, ...rest] } : { ...p, items: rest };
    }),
  );
}

/**
 * Applies `message-updated` (edit, pin, thread counts) or a REST answer to a message already in
 * history. Events have no viewer, so their reactions say `me: false`: the reader's own marks are
 * kept from what was shown (`fromEvent`).
 */
export function replaceInHistory(
  queryClient: QueryClient,
  message: Message,
  { fromEvent = false }: { fromEvent?: boolean } = {},
): void {
  editHistory(queryClient, message.roomId, (pages) =>
    pages.map((p) => ({
      ...p,
      items: p.items.map((m) => {
        if (m.id !== message.id) return m;
        const mine = new Set(m.reactions?.filter((r) => r.me).map((r) => r.emoji));
        const reactions =
          fromEvent && message.reactions
            ? message.reactions.map((r) => ({ ...r, me: mine.has(r.emoji) }))
            : message.reactions;
        return { ...m, ...message, reactions: reactions ?? m.reactions };
      }),
    })),
  );
}

/** Applies `reaction-changed`: one user's emoji added to or removed from a message. */
export function applyReactionChange(
  queryClient: QueryClient,
  change: { messageId: string; roomId: string; emoji: string; userId: string; added: boolean },
  myId: string,
): void {
  editHistory(queryClient, change.roomId, (pages) =>
    pages.map((p) => ({
      ...p,
      items: p.items.map((m) => {
        if (m.id !== change.messageId) return m;
        const list = m.reactions ?? [];
        const current = list.find((r) => r.emoji === change.emoji);
        const count = Math.max(0, (current?.count ?? 0) + (change.added ? 1 : -1));
        const me = change.userId === myId ? change.added : (current?.me ?? false);
        const reactions = current
          ? list.map((r) => (r.emoji === change.emoji ? { ...r, count, me } : r))
          : [...list, { emoji: change.emoji, count, me }];
        return { ...m, reactions: reactions.filter((r) => r.count > 0) };
      }),
    })),
  );
}

/** Applies `message-deleted`: the content is gone for good, so the message leaves the list. */
export function removeFromHistory(queryClient: QueryClient, roomId: string, messageId: string) {
  editHistory(queryClient, roomId, (pages) =>
    pages.map((p) => ({ ...p, items: p.items.filter((m) => m.id !== messageId) })),
  );
}
