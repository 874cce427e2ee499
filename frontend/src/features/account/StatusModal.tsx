import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormOutcome } from '../../components/FormOutcome';
import { fieldErrorOf } from '../../lib/api-error';
import { useAuth } from '../../lib/session';
import type { Presence } from '../../lib/types';

/**
 * My custom status (`PUT /api/presence/me/status {text?, emoji?}`, `DELETE` to clear): one emoji and
 * a short text that room mates see beside my name (docs/presence.md). The server checks both.
 */
export function StatusModal({ onClose }: { onClose(): void }) {
  const { client } = useAuth();
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
  const fieldError = (f: string) => fieldErrorOf(save.error, f);

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  return (
    <Dialog title="Your status" onClose={onClose}>
      <form onSubmit={submit} className="profile-form" noValidate>
        <Field
          label="Emoji"
          testId="status-emoji"
          value={emoji}
          maxLength={32}
          onChange={(e) => setEmoji(e.target.value)}
          error={fieldError('emoji')}
        />
        <Field
          label="What are you up to?"
          testId="status-text"
          value={text}
          maxLength={100}
          onChange={(e) => setText(e.target.value)}
          error={fieldError('text')}
        />
        <FormOutcome
          error={save.error ?? clear.error}
          fields={['emoji', 'text']}
          success={save.isSuccess ? 'Status set.' : clear.isSuccess ? 'Status cleared.' : null}
        />
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
