import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormOutcome } from '../../components/FormOutcome';
import { fieldErrorOf } from '../../lib/api-error';
import { safeHref } from '../../lib/safe-href';
import { useAuth } from '../../lib/session';
import type { User } from '../../lib/types';

interface ProfileChange {
  username?: string;
  email?: string;
  avatarUrl?: string;
  password?: string;
  currentPassword?: string;
}

const FIELDS = ['username', 'email', 'avatarUrl', 'password', 'currentPassword'];

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
  const fieldError = (f: string) => fieldErrorOf(save.error, f);
  // what the avatar will look like (the server accepts https and same-origin paths only)
  const preview = safeHref(avatarUrl.trim());
  const [tried, setTried] = useState(false);
  // the server asks for the current password to change the email or the password
  const emailChanged = Boolean(email.trim()) && email.trim() !== user?.email;
  const needsCurrent = emailChanged || Boolean(password);
  const currentMissing = tried && needsCurrent && !currentPassword;

  function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (needsCurrent && !currentPassword) return;
    const change: ProfileChange = {};
    if (username.trim() !== user?.username) change.username = username.trim();
    if (emailChanged) change.email = email.trim();
    if (avatarUrl.trim() !== (user?.avatarUrl ?? '')) change.avatarUrl = avatarUrl.trim();
    if (password) change.password = password;
    if (needsCurrent) change.currentPassword = currentPassword;
    if (Object.keys(change).length) save.mutate(change);
  }

  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form onSubmit={submit} className="profile-form" noValidate>
        {preview && (
          <img
            src={preview}
            alt="Avatar preview"
            className="avatar-large"
            data-testid="profile-avatar-preview"
          />
        )}
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
        <Field
          label="New password (leave empty to keep it)"
          testId="profile-password"
          type="password"
          value={password}
          autoComplete="new-password"
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError('password')}
        />
        <Field
          label="Current password (needed for a new email or password)"
          testId="profile-currentPassword"
          type="password"
          value={currentPassword}
          autoComplete="current-password"
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={
            fieldError('currentPassword') ??
            (currentMissing ? 'Enter your current password to change these.' : undefined)
          }
        />
        <FormOutcome
          error={save.error}
          fields={FIELDS}
          success={save.isSuccess ? 'Saved.' : null}
        />
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
