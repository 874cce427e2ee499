import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
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
  onReply,
}: {
  roomId: string;
  rootId: string;
  users: UserDirectory;
  /** Sends a reply to this thread (it arrives in the thread through the room's events). */
  onReply?(content: string): void;
}) {
  const [draft, setDraft] = useState('');
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
      {onReply && (
        <form
          className="thread-reply"
          onSubmit={(e) => {
            e.preventDefault();
            const content = draft.trim();
            if (!content) return;
            onReply(content);
            setDraft('');
          }}
        >
          <label className="visually-hidden" htmlFor="thread-reply-input">
            Reply in thread
          </label>
          <textarea
            id="thread-reply-input"
            data-testid="thread-reply-input"
            value={draft}
            placeholder="Reply…"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <button type="submit" className="primary" data-testid="thread-reply-send">
            Reply
          </button>
        </form>
      )}
    </aside>
  );
}
