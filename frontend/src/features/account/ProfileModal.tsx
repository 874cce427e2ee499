import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ApiError, errorMessage } from '../../lib/api-error';
import { useAuth } from '../../lib/session';
import type { User } from '../../lib/types';

interface ProfileChange {
  username?: string;
  email?: string;
  avatarUrl?: string;
  password?: string;
  currentPassword?: string;
}

/** Edit my profile (`PATCH /api/users/me`): username, email, avatar URL, password with the current one. */
export function ProfileModal({ onClose }: { onClose(): void }) {
  const { client, user, updateUser } = useAuth();
  const id = useId();
  const [username, setUsername] = useState(user?.username ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [avatarUrl, setAvatarUrl] = useState(user?.avatarUrl ?? '');
  const [password, setPassword] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const save = useMutation({
    mutationFn: (change: ProfileChange) => client.patch<User>('/api/users/me', change),
    onSuccess: (updated) => {
      updateUser(updated);
      setPassword('');
      setCurrentPassword('');
    },
  });
  const fieldError = (f: string) =>
    save.error instanceof ApiError ? save.error.fieldError(f) : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    const change: ProfileChange = {};
    if (username.trim() !== user?.username) change.username = username.trim();
    if (email.trim() && email.trim() !== user?.email) change.email = email.trim();
    if (avatarUrl.trim() !== (user?.avatarUrl ?? '')) change.avatarUrl = avatarUrl.trim();
    if (password) {
      change.password = password;
      change.currentPassword = currentPassword;
    }
    if (Object.keys(change).length) save.mutate(change);
  }

  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    type = 'text',
    autoComplete?: string,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        data-testid={`profile-${name}`}
        type={type}
        value={value}
        autoComplete={autoComplete}
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
    <Dialog title="Your profile" onClose={onClose}>
      <form onSubmit={submit} className="profile-form" noValidate>
        {user?.avatarUrl && <img src={user.avatarUrl} alt="" className="avatar-large" />}
        {field('username', 'Username', username, setUsername, 'text', 'username')}
        {field('email', 'Email', email, setEmail, 'email', 'email')}
        {field('avatarUrl', 'Avatar image URL', avatarUrl, setAvatarUrl, 'url')}
        <fieldset>
          <legend>Change password</legend>
          {field('password', 'New password', password, setPassword, 'password', 'new-password')}
          {field(
            'currentPassword',
            'Current password',
            currentPassword,
            setCurrentPassword,
            'password',
            'current-password',
          )}
        </fieldset>
        {save.error && (
          <p role="alert" className="form-error">
            {errorMessage(save.error)}
          </p>
        )}
        {save.isSuccess && (
          <p role="status" className="muted">
            Saved.
          </p>
        )}
        <button
          type="submit"
          className="primary"
          data-testid="profile-save"
          disabled={save.isPending}
        >
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </form>
    </Dialog>
  );
}
