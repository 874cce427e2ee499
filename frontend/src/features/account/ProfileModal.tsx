import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
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

  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form onSubmit={submit} className="profile-form" noValidate>
        {user?.avatarUrl && <img src={user.avatarUrl} alt="" className="avatar-large" />}
        <Field
          label="Username"
          testId="profile-username"
          type="text"
          value={username}
          autoComplete="username"
          onChange={(e) => setUsername(e.target.value)}
          error={fieldError('username')}
        />
        <Field
          label="Email"
          testId="profile-email"
          type="email"
          value={email}
          autoComplete="email"
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError('email')}
        />
        <Field
          label="Avatar image URL"
          testId="profile-avatarUrl"
          type="url"
          value={avatarUrl}
          onChange={(e) => setAvatarUrl(e.target.value)}
          error={fieldError('avatarUrl')}
        />
        <fieldset>
          <legend>Change password</legend>
          <Field
            label="New password"
            testId="profile-password"
            type="password"
            value={password}
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError('password')}
          />
          <Field
            label="Current password"
            testId="profile-currentPassword"
            type="password"
            value={currentPassword}
            autoComplete="current-password"
            onChange={(e) => setCurrentPassword(e.target.value)}
            error={fieldError('currentPassword')}
          />
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
