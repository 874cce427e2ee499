import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/api-error';
import { queryKeys } from '../../lib/query-keys';
import { joinRoom, useMyRooms } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Room } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';
import { fetchDiscoverableRooms } from './api';

const ROW_HEIGHT = 64;
/**
 * room-service answers at most this many rooms per filter (`chat.rooms.discover-limit`, default 50),
 * first by name: a full answer means there may be more, found by typing more of the name.
 */
const SERVER_LIMIT = 50;

/**
 * Public rooms to join, filtered by the server (`GET /api/rooms?discover=true&q=`). The filter is
 * in the URL (`#/browse?q=`) and the list is virtualised, so thousands of rooms stay fast.
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

  const discover = useQuery({
    queryKey: queryKeys.discover(term),
    queryFn: ({ signal }) => fetchDiscoverableRooms(client, term, signal),
    placeholderData: keepPreviousData,
  });
  const join = useMutation({
    mutationFn: (room: Room) => joinRoom(client, room.id),
    onSuccess: async (_, room) => {
      // My room list is the source of truth; the join response body is not relied on.
      await queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      await queryClient.invalidateQueries({ queryKey: ['rooms', 'discover'] });
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    },
  });

  const myIds = new Set(mine.data?.map((r) => r.id));
  const rooms = discover.data?.filter((r) => !myIds.has(r.id)) ?? [];

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rooms.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // jsdom has no layout: render a first screenful there too
    initialRect: { width: 600, height: 600 },
  });

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
      <p className="muted small" role="status" data-testid="discover-count">
        {discover.isPending
          ? 'Loading…'
          : `${rooms.length} room${rooms.length === 1 ? '' : 's'}${term ? ` matching “${term}”` : ''}`}
        {(discover.data?.length ?? 0) >= SERVER_LIMIT &&
          ': the first ones by name. Type more of the name to find others.'}
        {discover.isFetching && !discover.isPending ? ' (updating…)' : ''}
      </p>
      {(discover.error || join.error) && (
        <p role="alert" className="form-error">
          {errorMessage(discover.error ?? join.error)}
        </p>
      )}
      <div className="browser-scroll" ref={scrollRef}>
        <ul
          className="browser-list"
          aria-label="Public rooms"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const room = rooms[row.index];
            if (!room) return null;
            return (
              <li
                key={room.id}
                className="discover-room"
                data-testid="discover-room"
                data-room-id={room.id}
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
    </section>
  );
}
