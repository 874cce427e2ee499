import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { UserSummary } from '../../lib/types';
import { displayName, type UserDirectory } from '../../lib/users';
import { MessageItem } from './MessageItem';
import type { MessageActions } from './MessageItem';
import { toRows } from './message-list';
import { mayUnpin } from './pins';
import type { ChatMessage, UnreadMark } from './message-list';

interface MessageListProps {
  messages: readonly ChatMessage[];
  users: UserDirectory;
  me: UserSummary;
  /** May I delete other people's messages here (room owner, admin)? */
  canModerate: boolean;
  hasMore?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?(): void;
  actions: MessageActions;
  /** A message to scroll to and highlight (from search or a link). */
  focusId?: string | null;
  /** Shown instead of the (empty) list when there are no messages, e.g. once the history is loaded. */
  emptyText?: string;
  /** Where the "New messages" divider goes (the read marker when the room was opened), if anywhere. */
  unread?: UnreadMark | null;
}

/** Older history is asked for when the reader is this close to the top. */
const LOAD_OLDER_PX = 300;

/**
 * The conversation, oldest at the top, grouped by day and author. Virtualised (only the rows on
 * screen are in the DOM), so a room with 10,000 loaded messages scrolls smoothly; sticks to the
 * bottom while the reader is there and keeps the reading position when older pages arrive.
 */
export function MessageList({
  messages,
  users,
  me,
  canModerate,
  hasMore,
  loadingOlder,
  onLoadOlder,
  actions,
  focusId,
  emptyText,
  unread = null,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const rows = useMemo(() => toRows(messages, new Date(), unread), [messages, unread]);
  const firstKey = rows.find((r) => r.kind === 'message')?.key;
  const lastKey = rows.at(-1)?.key;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'message' ? 56 : 36),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 12,
    initialRect: { width: 800, height: 600 },
  });

  // New message at the bottom: follow it if the reader was at the bottom.
  useLayoutEffect(() => {
    if (stick.current && rows.length && !focusId) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    }
  }, [lastKey, rows.length, virtualizer, focusId]);

  // Older page prepended: keep the first previously visible message where it was.
  const anchor = useRef<{ key: string; offset: number } | null>(null);
  useLayoutEffect(() => {
    const saved = anchor.current;
    const el = scrollRef.current;
    if (!saved || !el) return;
    const index = rows.findIndex((r) => r.key === saved.key);
    if (index > 0) {
      const start = virtualizer.getOffsetForIndex(index, 'start')?.[0];
      if (start !== undefined) el.scrollTop = start - saved.offset;
    }
    anchor.current = null;
  }, [firstKey, rows, virtualizer]);

  function loadOlder() {
    const el = scrollRef.current;
    const first = virtualizer.getVirtualItems()[0];
    if (el && first) {
      const key = rows[first.index]?.key;
      if (key) anchor.current = { key: String(key), offset: first.start - el.scrollTop };
    }
    onLoadOlder?.();
  }

  // A page that lands while the reader is still at the top moves nothing, so no scroll event asks for the next one.
  const wasLoadingOlder = useRef(false);
  useEffect(() => {
    const landed = wasLoadingOlder.current && !loadingOlder;
    wasLoadingOlder.current = Boolean(loadingOlder);
    const el = scrollRef.current;
    if (landed && el && el.scrollTop < LOAD_OLDER_PX && hasMore) loadOlder();
  });

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (el.scrollTop < LOAD_OLDER_PX && hasMore && !loadingOlder) loadOlder();
  }

  // Jump to a message (search result, link): load older pages until it is there.
  const focusIndex = focusId ? rows.findIndex((r) => r.key === focusId) : -1;
  useEffect(() => {
    if (!focusId) return;
    if (focusIndex >= 0) {
      stick.current = false;
      virtualizer.scrollToIndex(focusIndex, { align: 'center' });
    } else if (hasMore && !loadingOlder) {
      onLoadOlder?.();
    }
  }, [focusId, focusIndex, hasMore, loadingOlder, onLoadOlder, virtualizer]);

  function nameOf(userId: string): string {
    if (userId === me.id) return me.username;
    return displayName(users, userId);
  }

  return (
    <div className="message-scroll" ref={scrollRef} onScroll={onScroll}>
      {hasMore && onLoadOlder && (
        <div className="load-older">
          <button type="button" className="link" onClick={loadOlder} disabled={loadingOlder}>
            {loadingOlder ? 'Loading…' : 'Load older messages'}
          </button>
        </div>
      )}
      {messages.length === 0 && emptyText && <p className="muted message-empty">{emptyText}</p>}
      <ol
        className="message-list"
        data-testid="message-list"
        aria-label="Messages"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index];
          if (!row) return null;
          return (
            <li
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              className="message-row"
              style={{ transform: `translateY(${v.start}px)` }}
            >
              {row.kind === 'day' ? (
                <div className="day-divider" role="separator">
                  <span>{row.label}</span>
                </div>
              ) : row.kind === 'unread' ? (
                <div className="unread-divider" role="separator" data-testid="unread-divider">
                  <span>New messages</span>
                </div>
              ) : (
                <MessageItem
                  message={row.message}
                  authorName={nameOf(row.message.userId)}
                  startsGroup={row.startsGroup}
                  isMine={row.message.userId === me.id}
                  canDelete={row.message.userId === me.id || canModerate}
                  canUnpin={mayUnpin(row.message, me.id, canModerate)}
                  focused={row.message.id === focusId}
                  mentionsMe={row.message.mentions?.includes(me.id) ?? false}
                  actions={actions}
                />
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
