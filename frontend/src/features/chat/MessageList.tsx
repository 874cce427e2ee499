import { useLayoutEffect, useRef } from 'react';
import type { UserSummary } from '../../lib/types';
import { MessageItem } from './MessageItem';
import type { ChatMessage, UserDirectory } from './message-list';

interface MessageListProps {
  messages: readonly ChatMessage[];
  users: UserDirectory;
  me: UserSummary;
  hasMore?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?(): void;
  onRetry?(clientMsgId: string): void;
  /** Shown instead of the (empty) list when there are no messages, e.g. once the history is loaded. */
  emptyText?: string;
}

/** Messages oldest at the top; sticks to the bottom while the reader is already there. */
export function MessageList({
  messages,
  users,
  me,
  hasMore,
  loadingOlder,
  onLoadOlder,
  onRetry,
  emptyText,
}: MessageListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastId = messages.length ? messages[messages.length - 1]?.id : undefined;

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastId, messages.length]);

  function onScroll() {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }

  function nameOf(userId: string): string {
    if (userId === me.id) return me.username;
    return users[userId]?.username ?? `user ${userId.slice(0, 8)}`;
  }

  return (
    <div className="message-scroll" ref={ref} onScroll={onScroll}>
      {hasMore && onLoadOlder && (
        <div className="load-older">
          <button type="button" className="link" onClick={onLoadOlder} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        </div>
      )}
      {messages.length === 0 && emptyText && <p className="muted message-empty">{emptyText}</p>}
      <ol
        className="message-list"
        data-testid="message-list"
        aria-live="polite"
        aria-label="Messages"
      >
        {messages.map((m) => (
          <MessageItem
            key={m.clientMsgId && m.state !== 'sent' ? `local:${m.clientMsgId}` : m.id}
            message={m}
            authorName={nameOf(m.userId)}
            isMine={m.userId === me.id}
            onRetry={onRetry}
          />
        ))}
      </ol>
    </div>
  );
}
