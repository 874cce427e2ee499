import { useId, useRef, useState } from 'react';
import type { ClipboardEvent, DragEvent, FormEvent, KeyboardEvent } from 'react';
import { PaperclipIcon } from '../../components/icons';
import { MentionTextarea } from './MentionTextarea';
import type { MentionCandidates } from './MentionTextarea';

export const MAX_MESSAGE_LENGTH = 4000;

interface ComposerProps {
  roomName: string;
  onSend(content: string): void;
  /** Called on every keystroke that changes the draft (typing indicator). */
  onTyped?(): void;
  onStopTyping?(): void;
  /** Absent when the server has no attachments endpoint. */
  onFiles?(files: File[]): void;
  /** Who `@` offers (nobody when absent). */
  mentions?: MentionCandidates;
  disabled?: boolean;
}

const NO_MENTIONS: MentionCandidates = { usernames: [], canMentionRoom: false };

/**
 * Message input: Enter sends, Shift+Enter inserts a newline, `@` suggests members; files by picker,
 * drop or paste.
 */
export function Composer({
  roomName,
  onSend,
  onTyped,
  onStopTyping,
  onFiles,
  mentions = NO_MENTIONS,
  disabled,
}: ComposerProps) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState('');
  const [dragging, setDragging] = useState(false);
  const trimmedLength = [...draft.trim()].length;
  const tooLong = trimmedLength > MAX_MESSAGE_LENGTH;
  const canSend = !disabled && trimmedLength > 0 && !tooLong;

  function submit() {
    if (!canSend) return;
    // Content is sent as typed (the server trims for its length check and stores it verbatim).
    onSend(draft);
    setDraft('');
    onStopTyping?.();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit();
  }

  function onDrop(e: DragEvent) {
    setDragging(false);
    if (!onFiles || e.dataTransfer.files.length === 0) return;
    e.preventDefault();
    onFiles([...e.dataTransfer.files]);
  }

  function onPaste(e: ClipboardEvent) {
    if (!onFiles || e.clipboardData.files.length === 0) return;
    e.preventDefault();
    onFiles([...e.clipboardData.files]);
  }

  return (
    <form
      className={dragging ? 'composer composer-drop' : 'composer'}
      onSubmit={onSubmit}
      onDragOver={(e) => {
        if (onFiles && e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id} className="visually-hidden">
        Message #{roomName}
      </label>
      <MentionTextarea
        id={id}
        data-testid="message-input"
        rows={2}
        placeholder={`Message #${roomName}`}
        value={draft}
        candidates={mentions}
        onValueChange={(value) => {
          setDraft(value);
          if (value) onTyped?.();
          else onStopTyping?.();
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={onStopTyping}
        aria-invalid={tooLong ? true : undefined}
        aria-describedby={`${id}-hint${tooLong ? ` ${id}-len` : ''}`}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line.
      </span>
      {onFiles && (
        <>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={(e) => {
              if (e.target.files?.length) onFiles([...e.target.files]);
              e.target.value = '';
            }}
          />
          <button
            type="button"
            data-testid="attach-file"
            aria-label="Attach files"
            title="Attach files (or drop or paste them here)"
            onClick={() => fileInput.current?.click()}
          >
            <PaperclipIcon />
          </button>
        </>
      )}
      <button type="submit" className="primary" data-testid="message-send" disabled={!canSend}>
        Send
      </button>
      {tooLong && (
        <p id={`${id}-len`} className="field-error" role="status">
          {trimmedLength}/{MAX_MESSAGE_LENGTH} characters: too long.
        </p>
      )}
    </form>
  );
}
