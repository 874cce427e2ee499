import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, Room, User } from '../../lib/types';
import { alice, bob, installMsw, invalidField, renderApp, room, signedIn } from '../../test/msw';

installMsw();

const carol: User = { id: 'u-carol', username: 'carol', avatarUrl: null };
const member = (userId: string, role: Member['role'] = 'member'): Member => ({
  userId,
  role,
  joinedAt: '2025-01-01T00:00:00Z',
});

/** room r1 (mine: `mine`) with alice and bob; what the dialog sends is recorded in `calls` */
function roomServer(mine: Room, calls: string[]) {
  const members = [member(alice.id, mine.myRole === 'owner' ? 'owner' : 'member'), member(bob.id)];
  let rooms = [mine];
  signedIn(
    alice,
    http.get('/api/rooms', () => HttpResponse.json(rooms)),
    http.get('/api/rooms/r1/messages', () =>
      HttpResponse.json({ items: [], nextBefore: null, hasMore: false }),
    ),
    http.get('/api/rooms/r1/members', () => HttpResponse.json(members)),
    http.get('/api/users', ({ request }) => {
      const q = new URL(request.url).searchParams.get('q');
      return HttpResponse.json(
        q ? [bob, carol].filter((u) => u.username.startsWith(q)) : [alice, bob, carol],
      );
    }),
    http.patch('/api/rooms/r1', async ({ request }) => {
      const body = (await request.json()) as { name: string; description: string };
      calls.push(`rename ${JSON.stringify(body)}`);
      if (body.name === 'bad name') return invalidField('name', 'not allowed');
      rooms = rooms.map((r) => ({ ...r, ...body }));
      return HttpResponse.json(rooms[0]);
    }),
    http.post('/api/rooms/r1/members', async ({ request }) => {
      const { userId } = (await request.json()) as { userId: string };
      calls.push(`add ${userId}`);
      members.push(member(userId));
      return HttpResponse.json(member(userId), { status: 201 });
    }),
    http.delete('/api/rooms/r1/members/:userId', ({ params }) => {
      calls.push(`remove ${String(params.userId)}`);
      members.splice(
        members.findIndex((m) => m.userId === params.userId),
        1,
      );
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('/api/rooms/r1/leave', () => {
      calls.push('leave');
      rooms = [];
      return new HttpResponse(null, { status: 204 });
    }),
    http.delete('/api/rooms/r1', () => {
      calls.push('delete');
      rooms = [];
      return new HttpResponse(null, { status: 204 });
    }),
  );
}

async function openSettings(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  return screen.findByTestId('room-settings-dialog');
}

describe('room settings', () => {
  beforeEach(() => {
    window.location.hash = '#/rooms/r1';
  });
  afterEach(() => {
    window.location.hash = '';
  });

  it('the owner renames, adds and removes people, and deletes the room after a confirmation', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    roomServer(room('r1', 'general', { myRole: 'owner' }), calls);
    renderApp();
    const dialog = await openSettings(user);

    const name = within(dialog).getByLabelText('Room name');
    await user.clear(name);
    await user.type(name, 'bad name');
    await user.click(within(dialog).getByTestId('room-settings-save'));
    expect(await within(dialog).findByText('not allowed')).toBeTruthy();
    await user.clear(name);
    await user.type(name, 'news');
    await user.type(within(dialog).getByLabelText('Description'), 'What happened');
    await user.click(within(dialog).getByTestId('room-settings-save'));
    expect(await within(dialog).findByText('Saved.')).toBeTruthy();
    const sidebarItem = screen.getAllByTestId('room-item')[0] as HTMLElement;
    await vi.waitFor(() => expect(sidebarItem.textContent).toContain('news'));

    // bob is a member: offered for removal, not for adding; the owner (me) is not removable
    await within(dialog).findByRole('button', { name: 'Remove bob from the room' });
    expect(within(dialog).getAllByTestId('settings-remove-member')).toHaveLength(1);
    await user.type(within(dialog).getByLabelText('Add a person by username'), 'c');
    await user.click(await within(dialog).findByRole('button', { name: 'Add carol' }));
    await within(dialog).findByRole('button', { name: 'Remove carol from the room' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove bob from the room' }));
    await vi.waitFor(() =>
      expect(within(dialog).queryByRole('button', { name: 'Remove bob from the room' })).toBeNull(),
    );

    await user.click(within(dialog).getByTestId('room-delete'));
    expect(within(dialog).getByText(/every message in it, for everyone/)).toBeTruthy();
    await user.click(within(dialog).getByTestId('room-delete-confirm'));
    await vi.waitFor(() => expect(window.location.hash).toBe('#/'));
    expect(await screen.findByText('#news was deleted.')).toBeTruthy();
    expect(screen.queryAllByTestId('room-item')).toHaveLength(0);
    expect(calls).toEqual([
      'rename {"name":"bad name","description":""}',
      'rename {"name":"news","description":"What happened"}',
      'add u-carol',
      'remove u-bob',
      'delete',
    ]);
  });

  it('a member of a private room may only leave it, after a confirmation', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    roomServer(room('r1', 'secret', { isPrivate: true, myRole: 'member' }), calls);
    renderApp();
    const dialog = await openSettings(user);
    await within(dialog).findByText('bob');
    expect(within(dialog).queryByLabelText('Room name')).toBeNull();
    expect(within(dialog).queryByLabelText('Add a person by username')).toBeNull();
    expect(within(dialog).queryByTestId('settings-remove-member')).toBeNull();
    expect(within(dialog).queryByTestId('room-delete')).toBeNull();

    await user.click(within(dialog).getByTestId('room-leave'));
    expect(within(dialog).getByText(/You need an invitation to come back/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls).toEqual([]);
    await user.click(within(dialog).getByTestId('room-leave'));
    await user.click(within(dialog).getByTestId('room-leave-confirm'));
    expect(await screen.findByText('You left #secret.')).toBeTruthy();
    expect(window.location.hash).toBe('#/');
    expect(calls).toEqual(['leave']);
  });

  it('a direct room has no settings (it cannot be left, renamed or joined)', async () => {
    const calls: string[] = [];
    roomServer(room('r1', 'bob', { isDirect: true, isPrivate: true }), calls);
    renderApp();
    await screen.findByRole('heading', { name: /bob/ });
    await screen.findByTestId('user-list');
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull();
  });
});
