import { useInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../../lib/query-keys';
import { useAuth } from '../../lib/session';
import type { Message } from '../../lib/types';

interface ThreadPage {
  items: Message[];
  hasMore: boolean;
}
type Thread = InfiniteData<ThreadPage, unknown>;

/** Replies per request (the server allows up to 200). */
export const THREAD_PAGE_SIZE = 100;

/**
 * The replies of one root message, oldest first (`GET /api/messages/{id}/thread`), later pages by
 * the `after` cursor (the last reply seen). Live replies and changes are written into the same cache
 * by the room's events (helpers below), so it never refetches by itself.
 */
export function useThread(rootId: string) {
  const { client } = useAuth();
  return useInfiniteQuery({
    queryKey: queryKeys.thread(rootId),
    queryFn: ({ pageParam, signal }) =>
      client.get<ThreadPage>(
        `/api/messages/${encodeURIComponent(rootId)}/thread`,
        { limit: THREAD_PAGE_SIZE, after: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? (last.items.at(-1)?.id ?? undefined) : undefined),
    staleTime: Infinity,
  });
}

export function threadReplies(data: Thread | undefined): Message[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

/**
 * Applies a live change (an event, a catch-up) to the loaded threads `queryKey` matches. A load in
 * flight may have been read before the change was stored (events come after the commit) and its
 * answer replaces the cached pages (a later page's, those the load started from): the change is
 * applied again once that answer is in.
 */
function editThreads(
  queryClient: QueryClient,
  queryKey: QueryKey,
  edit: (pages: ThreadPage[]) => ThreadPage[],
): void {
  const cache = queryClient.getQueryCache();
  for (const query of cache.findAll({ queryKey })) {
    queryClient.setQueryData<Thread>(query.queryKey, (data) =>
      data ? { ...data, pages: edit(data.pages) } : data,
    );
    if (query.state.fetchStatus === 'idle') continue;
    const stop = cache.subscribe((event) => {
      if (event.query !== query) return;
      if (event.type === 'removed') stop();
      else if (query.state.fetchStatus === 'idle') {
        stop();
        editThreads(queryClient, query.queryKey, edit);
      }
    });
  }
}

/**
 * A reply arrived (`message-received` with `parentId`): appended to its loaded thread, once. When
 * later pages are still to be loaded, the reply comes with them instead.
 */
export function addToThread(queryClient: QueryClient, reply: Message): void {
  if (!reply.parentId) return;
  editThreads(queryClient, queryKeys.thread(reply.parentId), (pages) => {
    if (pages.some((p) => p.items.some((m) => m.id === reply.id))) return pages;
    const last = pages.at(-1);
    if (!last || last.hasMore) return pages;
    return [...pages.slice(0, -1), { ...last, items: [...last.items, reply] }];
  });
}

/** A reply was edited or deleted (`message-updated`, `message-deleted`). */
export function changeInThreads(
  queryClient: QueryClient,
  messageId: string,
  change: (m: Message) => Message | null,
): void {
  editThreads(queryClient, queryKeys.threads, (pages) =>
    pages.map((p) => ({
      ...p,
      items: p.items.flatMap((m) => {
        if (m.id !== messageId) return [m];
        const next = change(m);
        return next ? [next] : [];
      }),
    })),
  );
}
