import { useState } from 'react';
import { Link } from 'react-router';
import { MessageContent } from '../../components/MessageContent';
import { errorMessage } from '../../lib/api-error';
import { isUnsupported } from '../../lib/query-client';
import type { Message } from '../../lib/types';
import { displayName, useUsers } from '../../lib/users';
import { formatTime } from './MessageItem';
import { MentionTextarea } from './MentionTextarea';
import type { MentionCandidates } from './MentionTextarea';
import { threadReplies, useThread } from './use-thread';

/**
 * One thread at `#/rooms/:id/thread/:messageId` (a link that survives a reload): the root message
 * (when it is in the loaded history), its replies oldest first, live, and a reply box with `@`
 * autocomplete. Replies are sent with `parentId` and also appear in the room.
 */
export function ThreadPanel({
  roomId,
  rootId,
  root,
  mentions,
  onReply,
}: {
  roomId: string;
  rootId: string;
  /** The root as the room's history has it; absent when it is older than what is loaded, or deleted. */
  root: Message | undefined;
  mentions: MentionCandidates;
  /** Sends a reply to this thread (it arrives in the thread through the room's events). */
  onReply?(content: string): void;
}) {
  const [draft, setDraft] = useState('');
  const thread = useThread(rootId);
  const replies = threadReplies(thread.data);
  const users = useUsers([...replies.map((m) => m.userId), ...(root ? [root.userId] : [])]);
  const nameOf = (userId: string) => displayName(users, userId);
  const count = replies.length + (thread.hasNextPage ? '+' : '');

  return (
    <aside className="side-panel" aria-labelledby="thread-heading" data-testid="thread-panel">
      <header className="dialog-header">
        <h3 id="thread-heading">Thread</h3>
        <Link to={`/rooms/${encodeURIComponent(roomId)}`} aria-label="Close thread">
          ✕
        </Link>
      </header>
      {root ? (
        <div className="thread-root" data-testid="thread-root">
          <p className="side-meta">
            <span className="message-author">{nameOf(root.userId)}</span>{' '}
            <time className="muted small" dateTime={root.createdAt}>
              {formatTime(root.createdAt)}
            </time>
          </p>
          <div className="message-content">
            <MessageContent text={root.content} />
          </div>
        </div>
      ) : (
        <p className="muted small">The first message of this thread is deleted or not loaded.</p>
      )}
      {thread.isPending && <p className="muted">Loading…</p>}
      {thread.error &&
        (isUnsupported(thread.error) ? (
          <p className="muted">Threads are not available on this server.</p>
        ) : (
          <p role="alert" className="form-error">
            {errorMessage(thread.error)}
          </p>
        ))}
      {thread.data && (
        <p className="thread-count muted small" data-testid="thread-count">
          {count} {replies.length === 1 && !thread.hasNextPage ? 'reply' : 'replies'}
        </p>
      )}
      <ol className="thread-list" aria-label="Replies">
        {replies.map((m) => (
          <li key={m.id} className="message" data-testid="thread-reply" data-message-id={m.id}>
            <p className="side-meta">
              <span className="message-author">{nameOf(m.userId)}</span>{' '}
              <time className="muted small" dateTime={m.createdAt}>
                {formatTime(m.createdAt)}
              </time>
              {m.isEdited && <span className="muted small"> (edited)</span>}
            </p>
            <div className="message-content">
              <MessageContent text={m.content} />
            </div>
          </li>
        ))}
      </ol>
      {thread.hasNextPage && (
        <button
          type="button"
          className="link"
          disabled={thread.isFetchingNextPage}
          onClick={() => void thread.fetchNextPage()}
        >
          {thread.isFetchingNextPage ? 'Loading…' : 'Load later replies'}
        </button>
      )}
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
          <MentionTextarea
            id="thread-reply-input"
            data-testid="thread-reply-input"
            value={draft}
            placeholder="Reply…"
            candidates={mentions}
            onValueChange={setDraft}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
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
