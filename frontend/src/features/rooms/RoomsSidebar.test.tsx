import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Room } from '../../lib/types';
import { alice, renderApp, room, signedIn, installMsw } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

const ids = (testId: string) =>
  screen.queryAllByTestId(testId).map((r) => r.getAttribute('data-room-id'));

describe('rooms', () => {
  it('browses public rooms with a server-side filter, joins one and creates a private room', async () => {
    const user = userEvent.setup();
    const mine: Room[] = [room('r1', 'general')];
    const publicRooms = [room('r1', 'general'), room('r2', 'random'), room('r3', 'rust')];
    const discoverQueries: (string | null)[] = [];
    let createBody: unknown;
    signedIn(
      alice,
      http.get('/api/rooms', ({ request }) => {
        const url = new URL(request.url);
        if (url.searchParams.get('discover') !== 'true') return HttpResponse.json(mine);
        const q = url.searchParams.get('q');
        discoverQueries.push(q);
        return HttpResponse.json(publicRooms.filter((r) => !q || r.name.includes(q)));
      }),
      http.post('/api/rooms/r2/join', () => {
        mine.push(room('r2', 'random'));
        return new HttpResponse(null, { status: 204 });
      }),
      http.post('/api/rooms', async ({ request }) => {
        createBody = await request.json();
        const created = room('r9', 'secret', { isPrivate: true, myRole: 'owner' });
        mine.push(created);
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get('/api/rooms/:id/messages', () =>
        HttpResponse.json({ items: [], nextBefore: null, hasMore: false }),
      ),
    );
    renderApp();

    await screen.findByTestId('room-item');
    expect(ids('room-item')).toEqual(['r1']);
    await user.click(screen.getByTestId('browse-rooms'));
    expect(window.location.hash).toBe('#/browse');
    // A room I am already in is not offered for joining.
    await vi.waitFor(() => expect(ids('discover-room')).toEqual(['r2', 'r3']));

    await user.type(screen.getByTestId('discover-filter'), 'ra');
    await vi.waitFor(() => expect(ids('discover-room')).toEqual(['r2']));
    // the filter is the server's (q=), typed once: one request for the settled text
    expect(discoverQueries.at(-1)).toBe('ra');
    expect(discoverQueries).not.toContain('r');
    expect(window.location.hash).toBe('#/browse?q=ra');

    const entry = screen.getAllByTestId('discover-room')[0]!;
    await user.click(within(entry).getByRole('button', { name: 'Join random' }));
    expect(await screen.findByRole('heading', { name: /random/ })).toBeTruthy();
    expect(window.location.hash).toBe('#/rooms/r2');
    await vi.waitFor(() => expect(ids('room-item')).toEqual(['r1', 'r2']));

    await user.type(screen.getByTestId('create-room-name'), '  secret ');
    await user.click(screen.getByTestId('create-room-private'));
    await user.click(screen.getByTestId('create-room-submit'));
    expect(await screen.findByRole('heading', { name: /secret/ })).toBeTruthy();
    expect(createBody).toEqual({ name: 'secret', isPrivate: true });
    expect(ids('room-item')).toEqual(['r1', 'r2', 'r9']);
    expect(window.location.hash).toBe('#/rooms/r9');
  });

  it('updates my rooms live: renamed, removed (leaving the open room), added', async () => {
    const mine: Room[] = [room('r1', 'general'), room('r2', 'random')];
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json(mine)),
      http.get('/api/rooms/:id/messages', () =>
        HttpResponse.json({ items: [], nextBefore: null, hasMore: false }),
      ),
    );
    window.location.hash = '#/rooms/r2';
    const { socket } = renderApp();
    expect(await screen.findByRole('heading', { name: /random/ })).toBeTruthy();

    act(() => socket.serverEmit('room-updated', { room: { ...mine[0], name: 'all-hands' } }));
    expect(await screen.findByText('all-hands')).toBeTruthy();

    act(() => socket.serverEmit('removed-from-room', { roomId: 'r2' }));
    expect(await screen.findByText('You were removed from #random.')).toBeTruthy();
    expect(ids('room-item')).toEqual(['r1']);
    expect(window.location.hash).toBe('#/');

    mine.splice(0, mine.length, room('r1', 'all-hands'), room('r5', 'new-one'));
    act(() => socket.serverEmit('user-joined', { user: alice, roomId: 'r5' }));
    await vi.waitFor(() => expect(ids('room-item')).toEqual(['r1', 'r5']));
  });

  it("opens a direct message from a user search, shown by the other person's name", async () => {
    const user = userEvent.setup();
    const mine: Room[] = [];
    // room-service names every direct room alike: the client shows the other member's name
    const dm = room('d1', 'Direct message', { isDirect: true, isPrivate: true });
    let directBody: unknown;
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json(mine)),
      http.get('/api/users', ({ request }) => {
        const params = new URL(request.url).searchParams;
        const bob = { id: 'u-bob', username: 'bob', avatarUrl: null };
        if (params.get('q') === 'bo') return HttpResponse.json([bob]);
        return HttpResponse.json(params.get('ids')?.includes('u-bob') ? [bob] : []);
      }),
      http.get('/api/rooms/d1/members', () =>
        HttpResponse.json([
          { userId: alice.id, role: 'member', joinedAt: '2025-01-01T00:00:00Z' },
          { userId: 'u-bob', role: 'member', joinedAt: '2025-01-01T00:00:00Z' },
        ]),
      ),
      http.post('/api/rooms/direct', async ({ request }) => {
        directBody = await request.json();
        mine.push(dm);
        return HttpResponse.json(dm);
      }),
      http.get('/api/rooms/:id/messages', () =>
        HttpResponse.json({ items: [], nextBefore: null, hasMore: false }),
      ),
    );
    renderApp();
    await user.click(await screen.findByTestId('new-direct'));
    await user.type(screen.getByTestId('direct-search'), 'bo');
    await user.click(await screen.findByRole('button', { name: 'bob' }));
    expect(await screen.findByRole('heading', { name: 'bob' })).toBeTruthy();
    expect(directBody).toEqual({ userId: 'u-bob' });
    const items = within(screen.getByTestId('direct-list')).getAllByTestId('room-item');
    expect(items.map((r) => r.getAttribute('data-room-id'))).toEqual(['d1']);
    await vi.waitFor(() => expect(items[0]?.textContent).toContain('bob'));
    expect(items[0]?.textContent).not.toContain('Direct message');
  });
});
