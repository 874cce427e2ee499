import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, User } from '../../lib/types';
import { alice, asAdmin, bob, installMsw, problem, renderApp, signedIn } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

function entry(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `a-${String(n).padStart(3, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
    action: 'login.succeeded',
    actorId: null,
    targetId: alice.id,
    address: '127.0.0.1',
    detail: null,
    ...extra,
  };
}

describe('administration', () => {
  it('is in the user menu of administrators only; Escape closes the menu', async () => {
    const user = userEvent.setup();
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([])),
    );
    renderApp();
    const menu = await screen.findByTestId('user-menu');
    await user.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('open-profile')).toBeTruthy();
    expect(screen.queryByTestId('open-admin')).toBeNull();
    // Escape closes the menu and leaves the focus on its button
    screen.getByTestId('open-profile').focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('open-profile')).toBeNull();
    expect(document.activeElement).toBe(menu);
  });

  it('grants admin, disables after a confirmation, enables, and shows what the server refuses', async () => {
    const user = userEvent.setup();
    const state: User = { ...bob, email: 'bob@example.com', isAdmin: false, disabled: false };
    const calls: string[] = [];
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([])),
      http.get('/api/users', ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('q')) return HttpResponse.json([{ ...state }]);
        return HttpResponse.json([alice, state]);
      }),
      http.get('/api/admin/audit', () => HttpResponse.json([])),
      http.put('/api/users/:id/admin', ({ params }) => {
        calls.push(`grant ${String(params.id)}`);
        state.isAdmin = true;
        return new HttpResponse(null, { status: 204 });
      }),
      http.delete('/api/users/:id/admin', () =>
        problem(409, 'Conflict', 'The last administrator cannot step down.'),
      ),
      http.put('/api/users/:id/disabled', ({ params }) => {
        calls.push(`disable ${String(params.id)}`);
        state.disabled = true;
        return new HttpResponse(null, { status: 204 });
      }),
      http.delete('/api/users/:id/disabled', ({ params }) => {
        calls.push(`enable ${String(params.id)}`);
        state.disabled = false;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    asAdmin(alice);
    renderApp();
    await user.click(await screen.findByTestId('user-menu'));
    await user.click(screen.getByTestId('open-admin'));
    expect(window.location.hash).toBe('#/admin');
    await user.type(screen.getByLabelText('Find a user by username'), 'bo');
    const row = await screen.findByTestId('admin-user');
    expect(row.textContent).toContain('bob@example.com');
    expect(within(row).queryByTestId('admin-revoke')).toBeNull();
    expect(within(row).queryByTestId('admin-enable')).toBeNull();

    await user.click(within(row).getByRole('button', { name: 'Make admin bob' }));
    expect(await screen.findByText('bob is now an administrator.')).toBeTruthy();
    await vi.waitFor(() => expect(within(row).getByText('admin')).toBeTruthy());
    expect(within(row).queryByTestId('admin-grant')).toBeNull();

    // the server's refusal is shown as it says it
    await user.click(within(row).getByRole('button', { name: 'Remove admin bob' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The last administrator cannot step down.',
    );

    // disabling asks first; Cancel changes nothing
    await user.click(within(row).getByRole('button', { name: 'Disable bob' }));
    expect(screen.getByRole('group', { name: 'Disable bob?' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: 'Disable bob?' })).toBeNull();
    expect(calls).toEqual(['grant u-bob']);

    await user.click(within(row).getByRole('button', { name: 'Disable bob' }));
    await user.click(screen.getByTestId('admin-disable-confirm'));
    expect(
      await screen.findByText('bob is disabled: signed out everywhere, cannot sign in.'),
    ).toBeTruthy();
    await vi.waitFor(() => expect(within(row).getByText('disabled')).toBeTruthy());

    await user.click(within(row).getByRole('button', { name: 'Enable bob' }));
    expect(await screen.findByText('bob can sign in again.')).toBeTruthy();
    expect(calls).toEqual(['grant u-bob', 'disable u-bob', 'enable u-bob']);
  });

  it('lists the audit log with names, pages back, and narrows it to one account', async () => {
    const user = userEvent.setup();
    const asked: string[] = [];
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([])),
      http.get('/api/users', ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('q')) return HttpResponse.json([bob]);
        return HttpResponse.json([alice, bob]);
      }),
      http.get('/api/admin/audit', ({ request }) => {
        const url = new URL(request.url);
        const before = url.searchParams.get('before');
        const userId = url.searchParams.get('userId');
        asked.push(`user=${userId} before=${before}`);
        if (userId)
          return HttpResponse.json([
            entry(900, { action: 'account.disabled', actorId: alice.id, targetId: bob.id }),
          ]);
        if (before) return HttpResponse.json([entry(1)]);
        // a full page: there may be more
        return HttpResponse.json(Array.from({ length: 50 }, (_, i) => entry(100 - i)));
      }),
    );
    asAdmin(alice);
    window.location.hash = '#/admin';
    renderApp();
    const log = await screen.findByTestId('audit-log');
    await vi.waitFor(() => expect(within(log).getAllByTestId('audit-entry')).toHaveLength(50));
    expect(within(log).getAllByText('signed in')).toHaveLength(50);
    await user.click(screen.getByTestId('audit-older'));
    await vi.waitFor(() => expect(within(log).getAllByTestId('audit-entry')).toHaveLength(51));
    expect(asked).toEqual(['user=null before=null', 'user=null before=a-051']);
    expect(screen.queryByTestId('audit-older')).toBeNull();

    await user.type(screen.getByLabelText('Find a user by username'), 'bo');
    await user.click(await screen.findByRole('button', { name: 'History of bob' }));
    expect(await screen.findByRole('heading', { name: 'Audit log of bob' })).toBeTruthy();
    const row = await screen.findByText('account disabled');
    const cells = row.closest('tr')?.querySelectorAll('td') ?? [];
    expect([...cells].map((c) => c.textContent).slice(1, 4)).toEqual([
      'account disabled',
      'bob',
      'alice',
    ]);
    await user.click(screen.getByTestId('audit-all'));
    expect(await screen.findByRole('heading', { name: 'Audit log' })).toBeTruthy();
  });
});
