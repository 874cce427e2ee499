import type { ReactNode } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/api-error';
import { isUnsupported } from '../../lib/query-client';
import { queryKeys } from '../../lib/query-keys';
import { useMyRooms } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Message, Room } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';

/** Rooms searched at once for "all my rooms" (one request per room; the contract has no global search). */
const MAX_ROOMS = 50;

function Highlighted({ text, term }: { text: string; term: string }) {
  if (!term) return <>{text}</>;
  const lower = text.toLowerCase();
  const needle = term.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    parts.push(text.slice(at, i));
    parts.push(<mark key={i}>{text.slice(i, i + needle.length)}</mark>);
    at = i + needle.length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

function asList(body: unknown): Message[] {
  if (Array.isArray(body)) return body as Message[];
  const items = (body as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as Message[]) : [];
}

/**
 * `#/search?q=&room=`: full-text search in one room or in all my rooms
 * (`GET /api/rooms/{id}/messages/search?q=`); a result links to the message in its room.
 */
export function SearchPage() {
  const { client } = useAuth();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const roomId = params.get('room');
  const term = useDebounced(q.trim(), 300);
  const rooms = useMyRooms();
  const scope: Room[] = roomId
    ? (rooms.data?.filter((r) => r.id === roomId) ?? [])
    : (rooms.data?.slice(0, MAX_ROOMS) ?? []);

  const results = useQueries({
    queries: scope.map((room) => ({
      queryKey: queryKeys.search(term, room.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        client
          .get<unknown>(
            `/api/rooms/${encodeURIComponent(room.id)}/messages/search`,
            { q: term },
            signal,
          )
          .then(asList),
      enabled: term.length > 0,
    })),
  });
  const unsupported = results.some((r) => isUnsupported(r.error));
  const failed = results.find((r) => r.error && !isUnsupported(r.error));
  const hits = results.flatMap((r, i) =>
    (r.data ?? []).map((m) => ({ message: m, room: scope[i] as Room })),
  );
  const loading = results.some((r) => r.isFetching);

  const set = (next: Record<string, string>) => {
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
        onChange={(e) => set({ q: e.target.value, room: roomId ?? '' })}
      />
      <fieldset className="search-scope">
        <legend>Where</legend>
        <label>
          <input type="radio" name={`${id}-scope`} checked={!roomId} onChange={() => set({ q })} />
          All my rooms
        </label>
        {roomId && (
          <label>
            <input type="radio" name={`${id}-scope`} checked readOnly />
            {rooms.data?.find((r) => r.id === roomId)?.name ?? 'This room'}
          </label>
        )}
      </fieldset>
      {unsupported && <p className="muted">Search is not available on this server.</p>}
      {failed && (
        <p role="alert" className="form-error">
          {errorMessage(failed.error)}
        </p>
      )}
      <p role="status" className="muted small">
        {term
          ? loading
            ? 'Searching…'
            : `${hits.length} result${hits.length === 1 ? '' : 's'}`
          : ''}
      </p>
      <ul className="search-results" data-testid="search-results">
        {hits.map(({ message, room }) => (
          <li key={message.id}>
            <Link
              to={`/rooms/${encodeURIComponent(room.id)}?focus=${encodeURIComponent(message.id)}`}
              data-testid="search-result"
              data-message-id={message.id}
            >
              <span className="muted small"># {room.name}</span>
              <span className="search-snippet">
                <Highlighted text={message.content} term={term} />
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
