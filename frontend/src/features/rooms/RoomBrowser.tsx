import {
  type InfiniteData,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../lib/api-error';
import { queryKeys } from '../../lib/query-keys';
import { joinRoom, useMyRooms } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Room } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';
import { type DiscoverPage, fetchDiscoverPage } from './api';

const ROW_HEIGHT = 64;
/** The next page is asked for when the last rendered row is this close to the end of the list. */
const LOAD_AHEAD = 10;

/**
 * Public rooms to join, filtered by the server (`GET /api/rooms?discover=true&q=`), one page after
 * another as the list scrolls (the server's `Link: rel="next"` keyset cursor), so all of 10,000
 * rooms can be reached. The filter is in the URL (`#/browse?q=`); the list is virtualised.
 */
export function RoomBrowser() {
  const { client } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const term = useDebounced(q.trim());
  const mine = useMyRooms();

  const discover = useInfiniteQuery({
    queryKey: queryKeys.discover(term),
    queryFn: ({ pageParam, signal }) => fetchDiscoverPage(client, term, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    placeholderData: keepPreviousData,
  });
  useEffect(
    // Leaving a filter (or the browser) keeps only its first page: a refetch of an infinite query
    // asks again for every page it holds, one after another, which for a list scrolled to its
    // 10,000th room would be 200 requests on coming back.
    () => () => {
      queryClient.setQueryData<InfiniteData<DiscoverPage, string | null>>(
        queryKeys.discover(term),
        (data) =>
          data && data.pages.length > 1
            ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) }
            : data,
      );
    },
    [queryClient, term],
  );
  const join = useMutation({
    mutationFn: (room: Room) => joinRoom(client, room.id),
    onSuccess: async (_, room) => {
      // My room list is the source of truth; the join response body is not relied on.
      await queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      // read again when next shown, not now: now would ask again for every page scrolled through
      void queryClient.invalidateQueries({ queryKey: ['rooms', 'discover'], refetchType: 'none' });
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    },
    onError: (error) => {
      // deleted (or made private) since the list was read: read the list again without it
      if (error instanceof ApiError && error.status === 404) {
        void queryClient.invalidateQueries({ queryKey: ['rooms', 'discover'] });
      }
    },
  });

  const myIds = new Set(mine.data?.map((r) => r.id));
  const rooms = (discover.data?.pages.flatMap((page) => page.rooms) ?? []).filter(
    (r) => !myIds.has(r.id),
  );
  const more = discover.hasNextPage;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rooms.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // jsdom has no layout: render a first screenful there too
    initialRect: { width: 600, height: 600 },
  });
  const rows = virtualizer.getVirtualItems();
  const lastRendered = rows.at(-1)?.index ?? -1;

  const { fetchNextPage, isFetchingNextPage, isError } = discover;
  useEffect(() => {
    // the next page as the end comes into view (not again after a failure: "Load more" retries)
    if (more && !isFetchingNextPage && !isError && lastRendered >= rooms.length - LOAD_AHEAD) {
      void fetchNextPage();
    }
  }, [more, isFetchingNextPage, isError, lastRendered, rooms.length, fetchNextPage]);

  const count = `${rooms.length} room${rooms.length === 1 ? '' : 's'}${term ? ` matching “${term}”` : ''}`;
  return (
    <section className="browser" aria-labelledby={`${id}-h`}>
      <header className="browser-header">
        <h2 id={`${id}-h`}>Public rooms</h2>
        <button
          type="button"
          className="link"
          data-testid="refresh-discover"
          onClick={() => void discover.refetch()}
        >
          Refresh
        </button>
      </header>
      <label htmlFor={`${id}-q`}>Filter by name</label>
      <input
        id={`${id}-q`}
        type="search"
        data-testid="discover-filter"
        autoComplete="off"
        placeholder="Type part of a room name"
        value={q}
        onChange={(e) => setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })}
      />
      <p
        className="muted small"
        role="status"
        data-testid="discover-count"
        data-complete={discover.isPending || more ? undefined : 'true'}
      >
        {discover.isPending
          ? 'Loading…'
          : more
            ? `${count} so far, more available: scroll down or use “Load more”.`
            : `${count}, all shown.`}
        {discover.isFetching && !discover.isPending && !isFetchingNextPage ? ' (updating…)' : ''}
      </p>
      {(discover.error || join.error) && (
        <p role="alert" className="form-error">
          {errorMessage(discover.error ?? join.error)}
        </p>
      )}
      <div className="browser-scroll" ref={scrollRef} data-testid="discover-scroll">
        <ul
          className="browser-list"
          aria-label="Public rooms"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {rows.map((row) => {
            const room = rooms[row.index];
            if (!room) return null;
            return (
              <li
                key={room.id}
                className="discover-room"
                data-testid="discover-room"
                data-room-id={room.id}
                aria-posinset={row.index + 1}
                aria-setsize={more ? -1 : rooms.length}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              >
                <div className="discover-text">
                  <span className="room-name" title={room.name}>
                    # {room.name}
                  </span>
                  <span className="muted small">
                    {room.memberCount} member{room.memberCount === 1 ? '' : 's'}
                    {room.description ? ` · ${room.description}` : ''}
                  </span>
                </div>
                <button
                  type="button"
                  data-testid="join-room"
                  disabled={join.isPending && join.variables?.id === room.id}
                  onClick={() => join.mutate(room)}
                  aria-label={`Join ${room.name}`}
                >
                  {join.isPending && join.variables?.id === room.id ? 'Joining…' : 'Join'}
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      {more && (
        <button
          type="button"
          className="browser-more"
          data-testid="discover-more"
          disabled={isFetchingNextPage}
          onClick={() => void fetchNextPage()}
        >
          {isFetchingNextPage ? 'Loading more rooms…' : 'Load more rooms'}
        </button>
      )}
    </section>
  );
}
