import type { ReactNode } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { isUnsupported } from '../../lib/query-client';
import { queryKeys } from '../../lib/query-keys';
import { useRoomNames } from '../../lib/room-names';
import { useMyRooms } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Message } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';

/** `snippet` of a search hit (docs/search.md): plain text and the matched ranges (UTF-16 offsets). */
interface Snippet {
  text: string;
  highlights: { start: number; end: number }[];
}
type Hit = Message & { snippet?: Snippet | null };
interface HitPage {
  items: Hit[];
  nextBefore: string | null;
  hasMore: boolean;
}

const PAGE = 20;

/** The server's ranges as `<mark>` elements; text stays text (never HTML). */
function Highlighted({ snippet }: { snippet: Snippet }) {
  const parts: ReactNode[] = [];
  let at = 0;
  const ranges = [...snippet.highlights].sort((a, b) => a.start - b.start);
  for (const { start, end } of ranges) {
    if (start < at || end <= start || end > snippet.text.length) continue;
    parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}

/**
 * `#/search?q=` searches every room I am in (`GET /api/messages/search`), `#/search?q=&room=<id>`
 * one room (`GET /api/rooms/{id}/messages/search`; `from=<id>` remembers it while searching all).
 * Ranked by the server, paginated with its `nextBefore`; a result opens the room at the message.
 */
export function SearchPage() {
  const { client } = useAuth();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const roomId = params.get('room');
  const origin = roomId ?? params.get('from');
  const term = useDebounced(q.trim(), 300);
  const rooms = useMyRooms();
  const names = useRoomNames(rooms.data ?? []);
  const roomName = (rid: string): string | undefined => names[rid];

  const search = useInfiniteQuery({
    queryKey: queryKeys.search(term, roomId),
    queryFn: ({ pageParam, signal }) =>
      client.get<HitPage>(
        roomId
          ? `/api/rooms/${encodeURIComponent(roomId)}/messages/search`
          : '/api/messages/search',
        { q: term, before: pageParam ?? undefined, limit: PAGE },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.hasMore ? last.nextBefore : null),
    enabled: term.length > 0,
  });
  const hits = search.data?.pages.flatMap((p) => p.items) ?? [];
  const unsupported = isUnsupported(search.error);

  const set = (next: Record<string, string | null>) => {
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries(next)) if (v) p[k] = v;
    setParams(p, { replace: true });
  };

  return (
    <section className="search" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Search messages</h2>
      <label htmlFor={`${id}-q`}>Search for</label>
      <input
        id={`${id}-q`}
        type="search"
        data-testid="search-input"
        value={q}
        onChange={(e) => set({ q: e.target.value, room: roomId, from: roomId ? null : origin })}
      />
      <fieldset className="search-scope">
        <legend>Where</legend>
        <label>
          <input
            type="radio"
            name={`${id}-scope`}
            data-testid="search-scope-all"
            checked={!roomId}
            onChange={() => set({ q, from: origin })}
          />
          All my rooms
        </label>
        {origin && (
          <label>
            <input
              type="radio"
              name={`${id}-scope`}
              data-testid="search-scope-room"
              checked={Boolean(roomId)}
              onChange={() => set({ q, room: origin })}
            />
            Only #{roomName(origin) ?? 'this room'}
          </label>
        )}
      </fieldset>
      {unsupported && <p className="muted">Search is not available on this server.</p>}
      {!unsupported && <ErrorAlert error={search.error} />}
      <p role="status" className="muted small" data-testid="search-count">
        {term && !search.error
          ? search.isPending
            ? 'Searching…'
            : `${hits.length}${search.hasNextPage ? '+' : ''} result${hits.length === 1 ? '' : 's'}`
          : ''}
      </p>
      <ul className="search-results" data-testid="search-results">
        {hits.map((message) => (
          <li key={message.id}>
            <Link
              to={`/rooms/${encodeURIComponent(message.roomId)}?focus=${encodeURIComponent(message.id)}`}
              data-testid="search-result"
              data-message-id={message.id}
            >
              <span className="muted small">
                # {roomName(message.roomId) ?? 'a room'} ·{' '}
                <time dateTime={message.createdAt}>
                  {new Date(message.createdAt).toLocaleString()}
                </time>
              </span>
              <span className="search-snippet">
                {message.snippet ? <Highlighted snippet={message.snippet} /> : message.content}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <LoadMore pages={search} label="More results" testId="search-more" />
    </section>
  );
}
