import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../lib/api-error';
import { isUnsupported } from '../../lib/query-client';
import type { Message } from '../../lib/types';
import { displayName, useUsers } from '../../lib/users';
import { formatTime } from './MessageItem';
import { usePins } from './use-pins';

/** How much of a pinned message the list shows (the whole message is one click away). */
const EXCERPT_LENGTH = 160;

function excerpt(m: Message): string {
  const text = m.content.trim() || (m.attachment ? `📎 ${m.attachment.name}` : '');
  const chars = [...text];
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : text;
}

/**
 * The room's pinned messages at `#/rooms/:id/pins`, newest pin first, live (`message-updated`
 * adds, replaces and removes). A pin opens its message in the conversation (`?focus=`, older history
 * is loaded until it is there). Unpin is offered where the server allows it (`canUnpin`: the member
 * who pinned, the room's owner and administrators); a refusal is still shown.
 */
export function PinnedPanel({
  roomId,
  focusId,
  canUnpin,
  onUnpin,
}: {
  roomId: string;
  focusId: string | null;
  canUnpin(message: Message): boolean;
  onUnpin(messageId: string): Promise<void>;
}) {
  const pins = usePins(roomId);
  const items = pins.data?.items ?? [];
  const users = useUsers(items.map((m) => m.userId));
  const [error, setError] = useState<string | null>(null);
  const here = `/rooms/${encodeURIComponent(roomId)}`;

  return (
    <aside className="side-panel" aria-labelledby="pins-heading" data-testid="pins-panel">
      <header className="dialog-header">
        <h3 id="pins-heading">Pinned messages{pins.data ? ` (${items.length})` : ''}</h3>
        <Link to={here} aria-label="Close pinned messages">
          ✕
        </Link>
      </header>
      {pins.isPending && <p className="muted">Loading…</p>}
      {pins.error &&
        (isUnsupported(pins.error) ? (
          <p className="muted">Pins are not available on this server.</p>
        ) : (
          <p role="alert" className="form-error">
            {errorMessage(pins.error)}
          </p>
        ))}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {pins.data && items.length === 0 && (
        <p className="muted">
          No pinned messages yet. Pin one from its actions in the conversation.
        </p>
      )}
      <ol className="pin-list">
        {items.map((m) => {
          const name = displayName(users, m.userId);
          return (
            <li
              key={m.id}
              className={m.id === focusId ? 'pin pin-current' : 'pin'}
              data-testid="pin"
              data-message-id={m.id}
            >
              <Link
                to={`${here}/pins?focus=${encodeURIComponent(m.id)}`}
                className="pin-jump"
                data-testid="pin-jump"
                aria-current={m.id === focusId ? 'location' : undefined}
              >
                <span className="side-meta">
                  <span className="message-author">{name}</span>{' '}
                  <time className="muted small" dateTime={m.createdAt}>
                    {formatTime(m.createdAt)}
                  </time>
                </span>
                {/* text, never HTML: an excerpt of the user's message */}
                <span className="pin-text">{excerpt(m)}</span>
              </Link>
              {canUnpin(m) && (
                <button
                  type="button"
                  className="link small-action"
                  data-testid="pin-unpin"
                  onClick={() => {
                    setError(null);
                    onUnpin(m.id).catch((e: unknown) => setError(errorMessage(e)));
                  }}
                >
                  Unpin<span className="visually-hidden"> message by {name}</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
