import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { ApiClient } from '../../lib/api-client';
import type { Room } from '../../lib/types';
import { FakeSocket } from '../../test/fake-socket';

function room(id: string, name: string, extra: Partial<Room> = {}): Room {
  return {
    id,
    name,
    description: null,
    isPrivate: false,
    isDirect: false,
    createdBy: 'someone',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    memberCount: 1,
    myRole: 'member',
    ...extra,
  };
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('rooms sidebar', () => {
  it('lists my rooms, joins a discovered room and creates a private room', async () => {
    const user = userEvent.setup();
    const mine: Room[] = [room('r1', 'general')];
    const publicRooms = [room('r1', 'general'), room('r2', 'random', { myRole: null })];
    const bodies: Record<string, unknown> = {};
    const fetchFn = vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      if (typeof init?.body === 'string') bodies[`${method} ${url}`] = JSON.parse(init.body);
      if (url === '/api/auth/refresh')
        return json({
          accessToken: 't',
          expiresIn: 900,
          user: { id: 'me', username: 'alice', avatarUrl: null },
        });
      if (url === '/api/rooms' && method === 'GET') return json(mine);
      if (url === '/api/rooms' && method === 'POST') {
        const created = room('r3', 'secret', { isPrivate: true, myRole: 'owner' });
        mine.push(created);
        return json(created, 201);
      }
      if (url === '/api/rooms?discover=true') return json(publicRooms);
      if (url === '/api/rooms/r2/join' && method === 'POST') {
        mine.push(room('r2', 'random'));
        return new Response(null, { status: 204 });
      }
      if (url.includes('/messages')) return json({ items: [], nextBefore: null, hasMore: false });
      return json({ title: 'Not Found', status: 404 }, 404);
    });
    const socket = new FakeSocket();
    render(
      <App client={new ApiClient({ fetch: fetchFn })} socketFactory={() => socket.asSocket()} />,
    );

    const first = await screen.findByTestId('room-item');
    expect(first.getAttribute('data-room-id')).toBe('r1');
    // A room I am already in is not offered for joining.
    const discover = await screen.findAllByTestId('discover-room');
    expect(discover.map((d) => d.getAttribute('data-room-id'))).toEqual(['r2']);

    await user.click(within(discover[0]!).getByTestId('join-room'));
    await vi.waitFor(() =>
      expect(screen.getAllByTestId('room-item').map((r) => r.getAttribute('data-room-id'))).toEqual(
        ['r1', 'r2'],
      ),
    );
    expect(screen.queryAllByTestId('discover-room')).toHaveLength(0);
    // Joining opens the room.
    expect(await screen.findByRole('heading', { name: /random/ })).toBeTruthy();

    await user.type(screen.getByTestId('create-room-name'), '  secret ');
    await user.click(screen.getByTestId('create-room-private'));
    await user.click(screen.getByTestId('create-room-submit'));
    expect(await screen.findByRole('heading', { name: /secret/ })).toBeTruthy();
    expect(bodies['POST /api/rooms']).toEqual({ name: 'secret', isPrivate: true });
    expect(screen.getAllByTestId('room-item').map((r) => r.getAttribute('data-room-id'))).toEqual([
      'r1',
      'r2',
      'r3',
    ]);
    expect(window.location.hash).toBe('#/rooms/r3');
  });
});
