import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { alice, installMsw, renderApp, signedIn, invalidField } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

describe('profile', () => {
  it('changes name, avatar and password with the current password; the server’s refusals show by their fields', async () => {
    const user = userEvent.setup();
    const patches: unknown[] = [];
    signedIn(
      { ...alice, email: 'alice@example.com' },
      http.get('/api/rooms', () => HttpResponse.json([])),
      http.patch('/api/users/me', async ({ request }) => {
        const body = (await request.json()) as Record<string, string>;
        patches.push(body);
        if (body.currentPassword !== 'old-password')
          return invalidField('currentPassword', 'is not the current password');
        return HttpResponse.json({
          ...alice,
          email: 'alice@example.com',
          username: body.username,
          avatarUrl: body.avatarUrl,
        });
      }),
    );
    renderApp();
    await user.click(await screen.findByTestId('user-menu'));
    await user.click(screen.getByTestId('open-profile'));
    const dialog = await screen.findByRole('dialog', { name: 'Your profile' });

    // only https or same-origin pictures are previewed (and accepted by the server)
    const avatar = within(dialog).getByLabelText('Avatar image URL');
    await user.type(avatar, 'javascript:alert(1)');
    expect(within(dialog).queryByAltText('Avatar preview')).toBeNull();
    await user.clear(avatar);
    await user.type(avatar, '/avatars/alice.png');
    expect(within(dialog).getByAltText('Avatar preview').getAttribute('src')).toBe(
      '/avatars/alice.png',
    );

    const name = within(dialog).getByLabelText('Username');
    await user.clear(name);
    await user.type(name, 'alice2');
    await user.type(
      within(dialog).getByLabelText('New password (leave empty to keep it)'),
      'new-password-1',
    );
    // a new password without the current one is not sent
    await user.click(within(dialog).getByTestId('profile-save'));
    expect(within(dialog).getByText('Enter your current password to change these.')).toBeTruthy();
    expect(patches).toEqual([]);

    const current = within(dialog).getByLabelText(
      'Current password (needed for a new email or password)',
    );
    await user.type(current, 'wrong');
    await user.click(within(dialog).getByTestId('profile-save'));
    expect(await within(dialog).findByText('is not the current password')).toBeTruthy();
    expect(current.getAttribute('aria-invalid')).toBe('true');

    await user.clear(current);
    await user.type(current, 'old-password');
    await user.click(within(dialog).getByTestId('profile-save'));
    expect(await within(dialog).findByText('Saved.')).toBeTruthy();
    expect(patches.at(-1)).toEqual({
      username: 'alice2',
      avatarUrl: '/avatars/alice.png',
      password: 'new-password-1',
      currentPassword: 'old-password',
    });
    // the password fields are emptied; the new name is in the top bar
    expect((current as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('current-user').textContent).toBe('alice2');
  });

  it('asks for the current password for a new email too', async () => {
    const user = userEvent.setup();
    const patches: unknown[] = [];
    signedIn(
      { ...alice, email: 'alice@example.com' },
      http.get('/api/rooms', () => HttpResponse.json([])),
      http.patch('/api/users/me', async ({ request }) => {
        patches.push(await request.json());
        return HttpResponse.json({ ...alice, email: 'new@example.com' });
      }),
    );
    renderApp();
    await user.click(await screen.findByTestId('user-menu'));
    await user.click(screen.getByTestId('open-profile'));
    const dialog = await screen.findByRole('dialog', { name: 'Your profile' });
    const email = within(dialog).getByLabelText('Email');
    await user.clear(email);
    await user.type(email, 'new@example.com');
    await user.click(within(dialog).getByTestId('profile-save'));
    expect(within(dialog).getByText('Enter your current password to change these.')).toBeTruthy();
    await user.type(
      within(dialog).getByLabelText('Current password (needed for a new email or password)'),
      'old-password',
    );
    await user.click(within(dialog).getByTestId('profile-save'));
    expect(await within(dialog).findByText('Saved.')).toBeTruthy();
    expect(patches).toEqual([{ email: 'new@example.com', currentPassword: 'old-password' }]);
  });
});
