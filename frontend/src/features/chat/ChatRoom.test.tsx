import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../app/App';
import { ApiClient } from '../../lib/api-client';
import type { Room } from '../../lib/types';
import { FakeSocket } from '../../test/fake-socket';
import { message } from '../../test/msw';

const me = { id: 'u-me', username: 'alice', avatarUrl: null };
const room: Room = {
  id: 'r1',
  name: 'general',
  description: null,
  isPrivate: false,
  isDirect: false,
  createdBy: 'u-me',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  memberCount: 2,
  myRole: 'owner',
};

const msg = message;

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup() {
  const requests: string[] = [];
  const fetchFn = vi.fn(async (url: string, init?: RequestInit) => {
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    if (url === '/api/auth/refresh') return json({ accessToken: 't', expiresIn: 900, user: me });
    if (url === '/api/rooms') return json([room]);
    if (url.startsWith('/api/rooms?discover=true')) return json([]);
    if (url.startsWith('/api/rooms/r1/messages'))
      return json({ items: [msg(3), msg(2), msg(1)], nextBefore: null, hasMore: false });
    if (url === '/api/rooms/r1/members')
      return json([
        { userId: 'u-me', role: 'owner', joinedAt: '2025-01-01T00:00:00Z' },
        { userId: 'u-bob', role: 'member', joinedAt: '2025-01-01T00:00:00Z' },
      ]);
    if (url.startsWith('/api/presence'))
      return json([
        { userId: 'u-bob', isOnline: true, lastSeen: null },
        { userId: 'u-me', isOnline: true, lastSeen: null },
      ]);
    if (url.startsWith('/api/users?ids='))
      return json([{ id: 'u-bob', username: 'bob', avatarUrl: null }]);
    return json({ title: 'Not Found', status: 404 }, 404);
  });
  const socket = new FakeSocket();
  const utils = render(
    <App client={new ApiClient({ fetch: fetchFn })} socketFactory={() => socket.asSocket()} />,
  );
  return { socket, requests, ...utils };
}

const texts = () =>
  screen
    .getAllByTestId('message-item')
    .map((el) => within(el).getByTestId('message-content').textContent);

describe('chat room', () => {
  beforeEach(() => {
    window.location.hash = '#/rooms/r1';
  });
  afterEach(() => {
    window.location.hash = '';
  });

  it('restores the session, shows history oldest first and subscribes to the room', async () => {
    const { socket } = setup();
    expect((await screen.findByTestId('current-user')).textContent).toBe('alice');
    await screen.findByText('m3');
    expect(texts()).toEqual(['m1', 'm2', 'm3']);
    // author names resolved by GET /api/users?ids=, shown once per message (grouped ones hide it visually)
    await vi.waitFor(() =>
      expect(
        screen
          .getAllByTestId('message-item')
          .map((e) => e.querySelector('.message-author')?.textContent),
      ).toEqual(['bob', 'bob', 'bob']),
    );
    const metas = screen
      .getAllByTestId('message-item')
      .map((e) => e.querySelector('.message-meta')!);
    expect(metas.map((m) => m.classList.contains('visually-hidden'))).toEqual([false, true, true]);
    expect(socket.emitted.find((e) => e.event === 'join-room')?.payload).toEqual({ roomId: 'r1' });
    expect(screen.getByTestId('room-item').getAttribute('data-room-id')).toBe('r1');
  });

  it('Enter sends with a clientMsgId, shows pending, then one confirmed message', async () => {
    const user = userEvent.setup();
    const { socket } = setup();
    await screen.findByText('m3');

    const input = screen.getByTestId('message-input') as HTMLTextAreaElement;
    await user.type(input, 'first line{Shift>}{Enter}{/Shift}second line');
    expect(input.value).toBe('first line\nsecond line');
    expect(socket.emitted.some((e) => e.event === 'send-message')).toBe(false);

    await user.type(input, '{Enter}');
    expect(input.value).toBe('');
    const sent = socket.emitted.find((e) => e.event === 'send-message')!;
    const payload = sent.payload as { roomId: string; content: string; clientMsgId: string };
    expect(payload.roomId).toBe('r1');
    expect(payload.content).toBe('first line\nsecond line');
    expect(payload.clientMsgId).toMatch(/^[0-9a-f-]{36}$/);

    const pending = screen.getAllByTestId('message-item').at(-1)!;
    expect(pending.getAttribute('data-state')).toBe('pending');

    const stored = msg(4, {
      userId: me.id,
      content: payload.content,
      clientMsgId: payload.clientMsgId,
    });
    // The broadcast can arrive before the ack: both together still give one message.
    act(() =>
      socket.serverEmit('message-received', {
        message: stored,
        user: { id: me.id, username: 'alice', avatarUrl: null },
      }),
    );
    await act(async () => sent.ack!({ ok: true, message: stored }));

    const items = screen.getAllByTestId('message-item');
    expect(items).toHaveLength(4);
    expect(items.at(-1)!.getAttribute('data-message-id')).toBe(stored.id);
    expect(items.at(-1)!.getAttribute('data-state')).toBe('sent');
    expect(texts()).toEqual(['m1', 'm2', 'm3', 'first line\nsecond line']);
  });

  it('shows a failed send with the server reason and retries with the same clientMsgId', async () => {
    const user = userEvent.setup();
    const { socket } = setup();
    await screen.findByText('m3');
    socket.autoAck = (event) =>
      event === 'send-message'
        ? { ok: false, error: { status: 429, title: 'Too Many Requests', detail: 'Slow down' } }
        : { ok: true };

    await user.type(screen.getByTestId('message-input'), 'spam{Enter}');
    expect(await screen.findByText(/Slow down/)).toBeTruthy();
    const failed = screen.getAllByTestId('message-item').at(-1)!;
    expect(failed.getAttribute('data-state')).toBe('failed');

    socket.autoAck = () => undefined;
    await user.click(screen.getByTestId('message-retry'));
    const sends = socket.emitted.filter((e) => e.event === 'send-message');
    expect(sends).toHaveLength(2);
    expect((sends[1]!.payload as { clientMsgId: string }).clientMsgId).toBe(
      (sends[0]!.payload as { clientMsgId: string }).clientMsgId,
    );
    expect(screen.getAllByTestId('message-item').at(-1)!.getAttribute('data-state')).toBe(
      'pending',
    );
  });

  it('ignores events for other rooms and renders live HTML as text', async () => {
    const { socket, container } = setup();
    await screen.findByText('m3');
    act(() => {
      socket.serverEmit('message-received', {
        message: msg(5, { roomId: 'other', content: 'elsewhere' }),
        user: { id: 'u-bob', username: 'bob', avatarUrl: null },
      });
      socket.serverEmit('message-received', {
        message: msg(6, { content: '<img src=x onerror=alert(1)>' }),
        user: { id: 'u-bob', username: 'bob', avatarUrl: null },
      });
    });
    await vi.waitFor(() =>
      expect(texts()).toEqual(['m1', 'm2', 'm3', '<img src=x onerror=alert(1)>']),
    );
    expect(container.querySelector('.message-list img')).toBeNull();
  });

  it('logout calls the API and returns to the login form', async () => {
    const user = userEvent.setup();
    const { requests, socket } = setup();
    await screen.findByText('m3');
    await user.click(screen.getByTestId('logout'));
    expect(await screen.findByTestId('login-submit')).toBeTruthy();
    expect(requests).toContain('POST /api/auth/logout');
    expect(socket.connected).toBe(false);
  });
});
