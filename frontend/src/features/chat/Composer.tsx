import { useId, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';

export const MAX_MESSAGE_LENGTH = 4000;

interface ComposerProps {
  roomName: string;
  onSend(content: string): void;
  disabled?: boolean;
}

/** Message input: Enter sends, Shift+Enter inserts a newline. */
export function Composer({ roomName, onSend, disabled }: ComposerProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const trimmedLength = draft.trim().length;
  const tooLong = trimmedLength > MAX_MESSAGE_LENGTH;
  const canSend = !disabled && trimmedLength > 0 && !tooLong;

  function submit() {
    if (!canSend) return;
    // Content is sent as typed (the server trims for its length check and stores it verbatim).
    onSend(draft);
    setDraft('');
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

  return (
    <form className="composer" onSubmit={onSubmit}>
      <label htmlFor={id} className="visually-hidden">
        Message #{roomName}
      </label>
      <textarea
        id={id}
        data-testid="message-input"
        rows={2}
        placeholder={`Message #${roomName} (Enter to send, Shift+Enter for a new line)`}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={tooLong ? true : undefined}
        aria-describedby={tooLong ? `${id}-len` : undefined}
      />
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
