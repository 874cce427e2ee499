import type { ChatMessage } from './message-list';

interface MessageItemProps {
  message: ChatMessage;
  authorName: string;
  isMine: boolean;
  onRetry?(clientMsgId: string): void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : timeFormat.format(d);
}

/** Only same-origin paths and http(s) URLs become links; anything else (javascript:, data:) does not. */
function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One message. SECURITY: `content` is user input and is rendered ONLY as a React text node
 * (escaped by React); never as HTML. Newlines are kept by CSS `white-space: pre-wrap`.
 */
export function MessageItem({ message, authorName, isMine, onRetry }: MessageItemProps) {
  const classes = ['message', `message-${message.state}`, `message-type-${message.type}`];
  if (isMine) classes.push('message-mine');
  const href = safeHref(message.attachment?.url);
  return (
    <li
      className={classes.join(' ')}
      data-testid="message-item"
      data-message-id={message.id}
      data-state={message.state}
      aria-busy={message.state === 'pending' ? true : undefined}
    >
      <div className="message-meta">
        <span className="message-author">{authorName}</span>{' '}
        <time className="message-time" dateTime={message.createdAt}>
          {formatTime(message.createdAt)}
        </time>
        {message.isEdited && <span className="message-edited"> (edited)</span>}
        {message.state === 'pending' && <span className="message-status"> Sending…</span>}
      </div>
      <p className="message-content" data-testid="message-content">
        {message.content}
      </p>
      {message.attachment && (
        <p className="message-attachment">
          📎{' '}
          {href ? (
            <a href={href} rel="noopener noreferrer" target="_blank" download>
              {message.attachment.name}
            </a>
          ) : (
            message.attachment.name
          )}
        </p>
      )}
      {message.state === 'failed' && (
        <p className="message-failed" role="alert">
          Not sent: {message.error ?? 'unknown error'}{' '}
          {onRetry && message.clientMsgId && (
            <button
              type="button"
              className="link"
              data-testid="message-retry"
              onClick={() => onRetry(message.clientMsgId as string)}
            >
              Retry
            </button>
          )}
        </p>
      )}
    </li>
  );
}
