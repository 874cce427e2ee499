import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { errorMessage } from '../../lib/api-error';
import { ApiError } from '../../lib/api-error';
import type { Room } from '../../lib/types';
import type { CreateRoomInput } from './api';

interface CreateRoomFormProps {
  onCreate(input: CreateRoomInput): Promise<Room>;
  onCreated(room: Room): void;
}

export function CreateRoomForm({ onCreate, onCreated }: CreateRoomFormProps) {
  const id = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isPrivate, setIsPrivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError('A room needs a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const trimmed = description.trim();
      const room = await onCreate({
        name: name.trim(),
        ...(trimmed ? { description: trimmed } : {}),
        isPrivate,
      });
      setName('');
      setDescription('');
      setIsPrivate(false);
      onCreated(room);
    } catch (e) {
      const fieldMsg =
        e instanceof ApiError ? (e.fieldError('name') ?? e.fieldError('description')) : undefined;
      setError(fieldMsg ?? errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="create-room" onSubmit={handleSubmit} aria-labelledby={`${id}-h`} noValidate>
      <h2 id={`${id}-h`}>New room</h2>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        data-testid="create-room-name"
        value={name}
        maxLength={80}
        required
        onChange={(e) => setName(e.target.value)}
      />
      <label htmlFor={`${id}-desc`}>Description (optional)</label>
      <input
        id={`${id}-desc`}
        data-testid="create-room-description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="create-room-private"
          checked={isPrivate}
          onChange={(e) => setIsPrivate(e.target.checked)}
        />
        Private (invite only)
      </label>
      <button type="submit" className="primary" data-testid="create-room-submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create room'}
      </button>
    </form>
  );
}
