import { useCallback, useRef, useState } from 'react';
import { Link } from 'react-router';
import { MessageContent } from '../../components/MessageContent';
import { PaperclipIcon } from '../../components/icons';
import { errorMessage } from '../../lib/api-error';
import { downloadFile, useFileUrl } from '../../lib/file-url';
import { safeHref } from '../../lib/safe-href';
import { useAuth } from '../../lib/session';
import type { Attachment } from '../../lib/types';
import { EmojiPicker } from './EmojiPicker';
import type { ChatMessage } from './message-list';

export interface MessageActions {
  onRetry(clientMsgId: string): void;
  /** Absent when the server has no edit endpoint. */
  onEdit?(messageId: string, content: string): Promise<void>;
  onDelete?(messageId: string): Promise<void>;
  /** Adds (`add`) or removes my reaction; absent where reactions are not offered. */
  onReact?(messageId: string, emoji: string, add: boolean): Promise<void>;
  /** Pins or unpins the message. */
  onPin?(messageId: string, pin: boolean): Promise<void>;
  /** Where the thread of a root message opens (a route), if threads are offered here. */
  threadHref?(messageId: string): string;
}

/** The reactions offered in one click; any other emoji arrives from other clients and shows too. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '👀'];

interface MessageItemProps {
  message: ChatMessage;
  authorName: string;
  startsGroup: boolean;
  isMine: boolean;
  canDelete: boolean;
  /** Unpin is offered (when the message is pinned): see mayUnpin. */
  canUnpin: boolean;
  focused?: boolean;
  /** The message @-mentions the reader (by name or @room): highlighted. */
  mentionsMe?: boolean;
  actions: MessageActions;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : timeFormat.format(d);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function AttachmentView({ attachment, isImage }: { attachment: Attachment; isImage: boolean }) {
  const href = safeHref(attachment.url);
  if (!href) {
    return (
      <p className="file-card" data-testid="file-card">
        <PaperclipIcon /> {attachment.name}{' '}
        <span className="muted small">{formatSize(attachment.size)}</span>
      </p>
    );
  }
  return isImage ? (
    <ImageAttachment attachment={attachment} href={href} />
  ) : (
    <FileAttachment attachment={attachment} href={href} />
  );
}

/** The thumbnail, full size on click; a file card if the image cannot be loaded. */
function ImageAttachment({ attachment, href }: { attachment: Attachment; href: string }) {
  const [full, setFull] = useState(false);
  // The API serves files only with the token, which <img src> cannot send: loaded by useFileUrl.
  const thumbnail = safeHref(attachment.thumbnailUrl) ?? href;
  const image = useFileUrl(full ? href : thumbnail);
  if (image.failed) return <FileAttachment attachment={attachment} href={href} />;
  const ratio =
    attachment.width && attachment.height
      ? `${attachment.width} / ${attachment.height}`
      : undefined;
  return (
    <figure className="message-image" data-testid="image-attachment">
      <button type="button" className="image-button" onClick={() => setFull((f) => !f)}>
        {image.url ? (
          <img
            src={image.url}
            alt={attachment.name}
            className={full ? 'image-full' : 'image-thumb'}
          />
        ) : (
          <span className="image-placeholder" style={{ aspectRatio: ratio }}>
            Loading image…
          </span>
        )}
        <span className="visually-hidden">{full ? 'Show smaller' : 'Show full size'}</span>
      </button>
      <figcaption className="muted small">{attachment.name}</figcaption>
    </figure>
  );
}

/** Name and size; a click downloads the file (fetched with the token). */
function FileAttachment({ attachment, href }: { attachment: Attachment; href: string }) {
  const { client } = useAuth();
  const [error, setError] = useState<string | null>(null);
  return (
    <p className="file-card" data-testid="file-card">
      <PaperclipIcon />{' '}
      <button
        type="button"
        className="link"
        onClick={() => {
          setError(null);
          downloadFile(client, href, attachment.name).catch((e: unknown) =>
            setError(errorMessage(e)),
          );
        }}
      >
        {attachment.name}
      </button>{' '}
      <span className="muted small">{formatSize(attachment.size)}</span>
      {error && (
        <span role="alert" className="form-error">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

/**
 * One message. SECURITY: `content` is user input, rendered by {@link MessageContent} (Markdown to
 * React elements, HTML escaped), never as HTML.
 */
export function MessageItem({
  message,
  authorName,
  startsGroup,
  isMine,
  canDelete,
  canUnpin,
  focused,
  mentionsMe,
  actions,
}: MessageItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const pickerButton = useRef<HTMLButtonElement>(null);
  const closePicker = useCallback((returnFocus: boolean) => {
    setPicking(false);
    if (returnFocus) pickerButton.current?.focus();
  }, []);
  const classes = ['message', `message-${message.state}`, `message-type-${message.type}`];
  if (isMine) classes.push('message-mine');
  if (startsGroup) classes.push('message-group-start');
  if (focused) classes.push('message-focused');
  if (mentionsMe) classes.push('message-mentions-me');
  const stored = message.state === 'sent';

  async function run(action: () => Promise<void>, failure?: string) {
    setActionError(null);
    try {
      await action();
      setEditing(false);
      setConfirmDelete(false);
    } catch (e) {
      // the server's own words (problem detail), e.g. the limit of 20 different reactions
      setActionError(failure ? `${failure}: ${errorMessage(e)}` : errorMessage(e));
    }
  }

  function react(emoji: string, add: boolean) {
    const failure = add ? `Could not react with ${emoji}` : `Could not remove ${emoji}`;
    void run(() => actions.onReact!(message.id, emoji, add), failure);
  }
  const mine = (emoji: string) =>
    message.reactions?.some((r) => r.emoji === emoji && r.me) ?? false;

  return (
    <article
      className={classes.join(' ')}
      data-testid="message-item"
      data-message-id={message.id}
      data-state={message.state}
      aria-busy={message.state === 'pending' ? true : undefined}
      aria-label={`${authorName} at ${formatTime(message.createdAt)}`}
    >
      <div className={startsGroup ? 'message-meta' : 'message-meta visually-hidden'}>
        <span className="message-author">{authorName}</span>{' '}
        {mentionsMe && <span className="visually-hidden">mentions you </span>}
        <time className="message-time" dateTime={message.createdAt}>
          {formatTime(message.createdAt)}
        </time>
      </div>
      {editing ? (
        <form
          className="message-edit"
          onSubmit={(e) => {
            e.preventDefault();
            const content = draft.trim();
            if (content && actions.onEdit) void run(() => actions.onEdit!(message.id, content));
          }}
        >
          <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
            Edit message
          </label>
          <textarea
            id={`edit-${message.id}`}
            data-testid="edit-input"
            value={draft}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <button type="submit" className="primary" data-testid="edit-save">
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="message-content" data-testid="message-content">
          <MessageContent text={message.content} />
        </div>
      )}
      {message.isEdited && !editing && (
        <span className="message-edited muted small" data-testid="message-edited">
          (edited)
        </span>
      )}
      {message.state === 'pending' && <span className="message-status"> Sending…</span>}
      {message.attachment && (
        <AttachmentView attachment={message.attachment} isImage={message.type === 'image'} />
      )}
      {message.pinned && (
        <span className="message-pinned muted small" data-testid="message-pinned">
          📌 Pinned
        </span>
      )}
      {stored && (message.replyCount ?? 0) > 0 && actions.threadHref && (
        <Link className="link small" data-testid="thread-link" to={actions.threadHref(message.id)}>
          {message.replyCount === 1 ? '1 reply' : `${message.replyCount} replies`}
        </Link>
      )}
      {stored && (message.reactions?.length ?? 0) > 0 && (
        <ul className="reactions" aria-label="Reactions">
          {message.reactions!.map((r) => (
            <li key={r.emoji}>
              <button
                type="button"
                className={r.me ? 'reaction reaction-mine' : 'reaction'}
                aria-pressed={r.me}
                aria-label={`${r.emoji} ${r.count}${r.me ? ', including you' : ''}`}
                data-testid="reaction"
                disabled={!actions.onReact}
                onClick={() => react(r.emoji, !r.me)}
              >
                {r.emoji} {r.count}
              </button>
            </li>
          ))}
        </ul>
      )}
      {stored && !editing && (
        <div className="message-actions">
          {actions.onReact &&
            QUICK_REACTIONS.filter((e) => !mine(e)).map((emoji) => (
              <button
                key={emoji}
                type="button"
                className="link quick-reaction"
                data-testid="quick-reaction"
                aria-label={`React with ${emoji}`}
                onClick={() => react(emoji, true)}
              >
                {emoji}
              </button>
            ))}
          {actions.onReact && (
            <button
              ref={pickerButton}
              type="button"
              className="link quick-reaction"
              data-testid="open-emoji-picker"
              aria-haspopup="dialog"
              aria-expanded={picking}
              title="Add a reaction"
              // the picker closes itself on a press outside it: this press toggles instead
              onPointerDown={(e) => e.stopPropagation()}
              onClick={() => setPicking((p) => !p)}
            >
              <span aria-hidden="true">☺︎+</span>
              <span className="visually-hidden">Add a reaction to the message by {authorName}</span>
            </button>
          )}
          {actions.threadHref && !message.parentId && (
            <Link
              className="link"
              data-testid="reply-in-thread"
              to={actions.threadHref(message.id)}
            >
              Reply<span className="visually-hidden"> in thread to {authorName}</span>
            </Link>
          )}
          {actions.onPin && (!message.pinned || canUnpin) && (
            <button
              type="button"
              className="link"
              data-testid={message.pinned ? 'message-unpin' : 'message-pin'}
              onClick={() => void run(() => actions.onPin!(message.id, !message.pinned))}
            >
              {message.pinned ? 'Unpin' : 'Pin'}
              <span className="visually-hidden"> message by {authorName}</span>
            </button>
          )}
          {isMine && actions.onEdit && (
            <button
              type="button"
              className="link"
              data-testid="message-edit"
              onClick={() => {
                setDraft(message.content);
                setEditing(true);
              }}
            >
              Edit<span className="visually-hidden"> message by {authorName}</span>
            </button>
          )}
          {canDelete && actions.onDelete && !confirmDelete && (
            <button
              type="button"
              className="link"
              data-testid="message-delete"
              onClick={() => setConfirmDelete(true)}
            >
              Delete<span className="visually-hidden"> message by {authorName}</span>
            </button>
          )}
          {confirmDelete && actions.onDelete && (
            <span role="group" aria-label="Confirm delete">
              Delete this message for everyone?{' '}
              <button
                type="button"
                className="danger"
                data-testid="message-delete-confirm"
                onClick={() => void run(() => actions.onDelete!(message.id))}
              >
                Delete
              </button>{' '}
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </span>
          )}
        </div>
      )}
      {picking && stored && actions.onReact && (
        <EmojiPicker
          label={`Add a reaction to the message by ${authorName}`}
          // picking an emoji I already reacted with takes it back, as its chip does
          onPick={(emoji) => react(emoji, !mine(emoji))}
          onClose={closePicker}
        />
      )}
      {actionError && (
        <p role="alert" className="form-error">
          {actionError}
        </p>
      )}
      {message.state === 'failed' && (
        <p className="message-failed" role="alert">
          Not sent: {message.error ?? 'unknown error'}{' '}
          {message.clientMsgId && (
            <button
              type="button"
              className="link"
              data-testid="message-retry"
              onClick={() => actions.onRetry(message.clientMsgId as string)}
            >
              Retry
            </button>
          )}
        </p>
      )}
    </article>
  );
}
