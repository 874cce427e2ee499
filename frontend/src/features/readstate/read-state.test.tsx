import { act, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Room } from '../../lib/types';
import { alice, message, renderApp, room, signedIn, installMsw } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

const badges = (roomId: string) => {
  const item = screen
    .getAllByTestId('room-item')
    .find((r) => r.getAttribute('data-room-id') === roomId)!;
  return within(item)
    .queryAllByLabelText(/unread|mentions/)
    .map((b) => b.getAttribute('aria-label'));
};

describe('read state', () => {
  it('subscribes to all my rooms and counts unread messages and mentions live', async () => {
    const mine: Room[] = [
      room('r1', 'general', { unreadCount: 2, mentionCount: 0, lastReadId: null }),
      room('r2', 'random', { unreadCount: 0, mentionCount: 0 }),
    ];
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json(mine)),
    );
    const { socket } = renderApp();
    await screen.findAllByTestId('room-item');
    expect(badges('r1')).toEqual(['2 unread']);

    // every room of mine is joined, so that their messages reach this socket
    await vi.waitFor(() =>
      expect(socket.emitted.filter((e) => e.event === 'join-room').map((e) => e.payload)).toEqual([
        { roomId: 'r1' },
        { roomId: 'r2' },
      ]),
    );

    act(() => socket.serverEmit('message-received', { message: message(1, { roomId: 'r2' }) }));
    act(() => {
      const mention = message(2, { roomId: 'r2', mentions: [alice.id] });
      socket.serverEmit('message-received', { message: mention });
      socket.serverEmit('mentioned', { message: mention, roomId: 'r2' });
    });
    await vi.waitFor(() => expect(badges('r2')).toEqual(['1 mentions', '2 unread']));

    // my own message (from another device) means I have read the room
    act(() =>
      socket.serverEmit('message-received', {
        message: message(3, { roomId: 'r2', userId: alice.id }),
      }),
    );
    await vi.waitFor(() => expect(badges('r2')).toEqual([]));

    // another device read r1: the exact counts are loaded again
    mine[0] = { ...mine[0]!, unreadCount: 0, lastReadId: message(5).id };
    act(() => socket.serverEmit('room-read', { roomId: 'r1', lastReadId: message(5).id }));
    await vi.waitFor(() => expect(badges('r1')).toEqual([]));
  });

  it('marks the open room read, shows "New messages" at the old marker and does not count what I read', async () => {
    const mine: Room[] = [
      room('r1', 'general', { unreadCount: 2, mentionCount: 1, lastReadId: message(1).id }),
    ];
    const marks: unknown[] = [];
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json(mine)),
      http.get('/api/rooms/r1/messages', () =>
        HttpResponse.json({
          items: [message(3), message(2), message(1)],
          nextBefore: null,
          hasMore: false,
        }),
      ),
      http.put('/api/rooms/r1/read', async ({ request }) => {
        const body = (await request.json()) as { messageId: string };
        marks.push(body);
        mine[0] = { ...mine[0]!, unreadCount: 0, mentionCount: 0, lastReadId: body.messageId };
        return HttpResponse.json({ roomId: 'r1', lastReadId: body.messageId });
      }),
    );
    window.location.hash = '#/rooms/r1';
    const { socket } = renderApp();
    expect(await screen.findByRole('heading', { name: /general/ })).toBeTruthy();

    // the divider sits between what I had read (m1) and the first unread message (m2)
    const list = await screen.findByTestId('message-list');
    await vi.waitFor(() => {
      const texts = within(list)
        .getAllByRole('listitem')
        .map((li) =>
          li.querySelector('[data-testid="unread-divider"]') ? '|new|' : li.textContent,
        );
      const at = texts.indexOf('|new|');
      expect(at).toBeGreaterThan(0);
      expect(texts[at - 1]).toContain('m1');
      expect(texts[at + 1]).toContain('m2');
    });
    await vi.waitFor(() => expect(marks).toEqual([{ messageId: message(3).id }]));
    await vi.waitFor(() => expect(badges('r1')).toEqual([]));

    // a message in the room I am reading is not unread; the marker follows it
    act(() => socket.serverEmit('message-received', { message: message(4) }));
    await vi.waitFor(() => expect(marks).toContainEqual({ messageId: message(4).id }));
    expect(badges('r1')).toEqual([]);
  });
});
