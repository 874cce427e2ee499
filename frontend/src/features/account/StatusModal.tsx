import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ApiError, errorMessage } from '../../lib/api-error';
import { useAuth } from '../../lib/session';
import type { Presence } from '../../lib/types';

/**
 * My custom status (`PUT /api/presence/me/status {text?, emoji?}`, `DELETE` to clear): one emoji and
 * a short text that room mates see beside my name (docs/presence.md). The server checks both.
 */
export function StatusModal({ onClose }: { onClose(): void }) {
  const { client } = useAuth();
  const id = useId();
  const [emoji, setEmoji] = useState('');
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: () =>
      client.put<Presence>('/api/presence/me/status', {
        text: text.trim() || undefined,
        emoji: emoji.trim() || undefined,
      }),
  });
  const clear = useMutation({ mutationFn: () => client.delete<void>('/api/presence/me/status') });
  const fieldError = (f: string) =>
    save.error instanceof ApiError ? save.error.fieldError(f) : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  const field = (
    name: 'emoji' | 'text',
    label: string,
    value: string,
    set: (v: string) => void,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        data-testid={`status-${name}`}
        value={value}
        maxLength={name === 'text' ? 100 : 32}
        onChange={(e) => set(e.target.value)}
        aria-invalid={fieldError(name) ? true : undefined}
        aria-describedby={fieldError(name) ? `${id}-${name}-err` : undefined}
      />
      {fieldError(name) && (
        <p id={`${id}-${name}-err`} className="field-error">
          {fieldError(name)}
        </p>
      )}
    </div>
  );

  return (
    <Dialog title="Your status" onClose={onClose}>
      <form onSubmit={submit} className="profile-form" noValidate>
        {field('emoji', 'Emoji', emoji, setEmoji)}
        {field('text', 'What are you up to?', text, setText)}
        {save.error && !fieldError('emoji') && !fieldError('text') && (
          <p role="alert" className="form-error">
            {errorMessage(save.error)}
          </p>
        )}
        {(save.isSuccess || clear.isSuccess) && (
          <p role="status" className="muted">
            {save.isSuccess ? 'Status set.' : 'Status cleared.'}
          </p>
        )}
        <button
          type="submit"
          className="primary"
          data-testid="status-save"
          disabled={save.isPending}
        >
          Set status
        </button>
        <button
          type="button"
          data-testid="status-clear"
          disabled={clear.isPending}
          onClick={() => {
            setEmoji('');
            setText('');
            save.reset();
            clear.mutate();
          }}
        >
          Clear
        </button>
      </form>
    </Dialog>
  );
}
