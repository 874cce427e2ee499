import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../lib/types';
import { alice, bob, message, renderApp, room, signedIn, installMsw } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

function item(id: string) {
  return screen
    .getAllByTestId('message-item')
    .find((el) => el.getAttribute('data-message-id') === id)!;
}

describe('reactions, pins and threads in a room', () => {
  it('reacts, follows reaction-changed, pins, and opens the thread of a message with replies', async () => {
    const user = userEvent.setup();
    const root: Message = {
      ...message(1),
      replyCount: 2,
      reactions: [{ emoji: '👀', count: 1, me: false }],
    };
    const calls: string[] = [];
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general')])),
      http.get('/api/rooms/r1/messages', () =>
        HttpResponse.json({ items: [root], nextBefore: null, hasMore: false }),
      ),
      http.put('/api/messages/:id/reactions/:emoji', ({ params }) => {
        calls.push(`PUT ${params.emoji as string}`);
        return new HttpResponse(null, { status: 204 });
      }),
      http.put('/api/messages/:id/pin', () => {
        calls.push('PIN');
        return HttpResponse.json({ ...root, pinned: true });
      }),
      http.get('/api/messages/:id/thread', () =>
        HttpResponse.json({
          items: [message(2, { parentId: root.id, content: 'first reply' })],
          hasMore: false,
        }),
      ),
    );
    window.location.hash = '#/rooms/r1';
    const { socket } = renderApp();
    await screen.findByRole('heading', { name: /general/ });
    await vi.waitFor(() => expect(item(root.id)).toBeTruthy());

    // a quick reaction goes to the server; the room's event updates the count, mine included
    await user.click(within(item(root.id)).getByRole('button', { name: 'React with 👍' }));
    expect(calls).toEqual(['PUT 👍']);
    act(() =>
      socket.serverEmit('reaction-changed', {
        messageId: root.id,
        roomId: 'r1',
        emoji: '👍',
        userId: alice.id,
        added: true,
      }),
    );
    act(() =>
      socket.serverEmit('reaction-changed', {
        messageId: root.id,
        roomId: 'r1',
        emoji: '👀',
        userId: bob.id,
        added: true,
      }),
    );
    await vi.waitFor(() =>
      expect(
        within(item(root.id))
          .getAllByTestId('reaction')
          .map((b) => [b.textContent, b.getAttribute('aria-pressed')]),
      ).toEqual([
        ['👀 2', 'false'],
        ['👍 1', 'true'],
      ]),
    );
    // an event without a viewer (me: false everywhere) keeps my own mark
    act(() =>
      socket.serverEmit('message-updated', {
        message: {
          ...root,
          content: 'm1 edited',
          isEdited: true,
          reactions: [
            { emoji: '👀', count: 2, me: false },
            { emoji: '👍', count: 1, me: false },
          ],
        },
      }),
    );
    await vi.waitFor(() => expect(within(item(root.id)).getByText('m1 edited')).toBeTruthy());
    expect(within(item(root.id)).getByRole('button', { name: '👍 1, including you' })).toBeTruthy();

    await user.click(within(item(root.id)).getByTestId('message-pin'));
    await vi.waitFor(() =>
      expect(within(item(root.id)).getByTestId('message-pinned')).toBeTruthy(),
    );
    expect(calls).toContain('PIN');

    await user.click(within(item(root.id)).getByTestId('thread-link'));
    expect(window.location.hash).toBe(`#/rooms/r1/thread/${root.id}`);
    expect(await screen.findByText('first reply')).toBeTruthy();
    expect(within(item(root.id)).getByTestId('thread-link').textContent).toBe('2 replies');
  });
});
