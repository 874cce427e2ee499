import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { MessageContent } from '../../components/MessageContent';
import { errorMessage } from '../../lib/api-error';
import { isUnsupported } from '../../lib/query-client';
import { queryKeys } from '../../lib/query-keys';
import { useAuth } from '../../lib/session';
import type { Message } from '../../lib/types';
import type { UserDirectory } from '../../lib/users';

/** Replies to one root message (`GET /api/messages/{id}/thread`), at `#/rooms/:id/thread/:messageId`. */
export function ThreadPanel({
  roomId,
  rootId,
  users,
}: {
  roomId: string;
  rootId: string;
  users: UserDirectory;
}) {
  const { client } = useAuth();
  const thread = useQuery({
    queryKey: queryKeys.thread(rootId),
    queryFn: ({ signal }) =>
      client.get<{ items: Message[]; hasMore: boolean }>(
        `/api/messages/${encodeURIComponent(rootId)}/thread`,
        { limit: 200 },
        signal,
      ),
  });
  return (
    <aside className="thread-panel" aria-labelledby="thread-heading" data-testid="thread-panel">
      <header className="dialog-header">
        <h3 id="thread-heading">Thread</h3>
        <Link to={`/rooms/${encodeURIComponent(roomId)}`} aria-label="Close thread">
          ✕
        </Link>
      </header>
      {thread.isPending && <p className="muted">Loading…</p>}
      {thread.error &&
        (isUnsupported(thread.error) ? (
          <p className="muted">Threads are not available on this server.</p>
        ) : (
          <p role="alert" className="form-error">
            {errorMessage(thread.error)}
          </p>
        ))}
      <ol className="thread-list">
        {thread.data?.items.map((m) => (
          <li key={m.id} className="message">
            <span className="message-author">{users[m.userId]?.username ?? 'someone'}</span>
            <div className="message-content">
              <MessageContent text={m.content} />
            </div>
          </li>
        ))}
      </ol>
    </aside>
  );
}
