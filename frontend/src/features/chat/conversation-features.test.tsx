import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { RequestHandler } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../lib/types';
import {
  alice,
  asAdmin,
  bob,
  installMsw,
  message,
  problem,
  renderApp,
  room,
  signedIn,
} from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

/** An answer held back until the test has sent its events: `asked` once requested, sent on `release()`. */
function heldAnswer() {
  let requested!: () => void;
  let release!: () => void;
  const asked = new Promise<void>((r) => (requested = r));
  const released = new Promise<void>((r) => (release = r));
  return {
    asked,
    release,
    async answer(body: object) {
      requested();
      await released;
      return HttpResponse.json(body);
    },
  };
}

/** The contents of the replies a thread panel shows, in order. */
function replyTexts(panel: HTMLElement) {
  return within(panel)
    .getAllByTestId('thread-reply')
    .map((el) => el.querySelector('.message-content')?.textContent);
}

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

/** alice (a plain member) in r1 with bob; history m1..m3 by bob */
function roomServer(...extra: RequestHandler[]) {
  signedIn(
    alice,
    ...extra,
    http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general')])),
    http.get('/api/rooms/r1/messages', () =>
      HttpResponse.json({
        items: [message(3), message(2), message(1)],
        nextBefore: null,
        hasMore: false,
      }),
    ),
    http.get('/api/rooms/r1/members', () =>
      HttpResponse.json([
        { userId: alice.id, role: 'member', joinedAt: '2025-01-01T00:00:00Z' },
        { userId: bob.id, role: 'member', joinedAt: '2025-01-01T00:00:00Z' },
      ]),
    ),
    http.get('/api/users', () => HttpResponse.json([alice, bob])),
  );
}

describe('the reaction picker', () => {
  it('reacts with any emoji found by name, and shows the server refusing a 21st different emoji', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    roomServer(
      http.put('/api/messages/:id/reactions/:emoji', ({ params }) => {
        const emoji = params.emoji as string;
        calls.push(emoji);
        return emoji === '🚀'
          ? new HttpResponse(null, { status: 204 })
          : problem(409, 'Conflict', 'a message has at most 20 different reactions');
      }),
    );
    window.location.hash = '#/rooms/r1';
    renderApp();
    await vi.waitFor(() => expect(item(message(2).id)).toBeTruthy());
    // (named once the authors are known)
    const open = await within(item(message(2).id)).findByRole('button', {
      name: 'Add a reaction to the message by bob',
    });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await user.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    const picker = await screen.findByRole('dialog', {
      name: 'Add a reaction to the message by bob',
    });
    await within(picker).findByRole('listbox', { name: 'Smileys & emotion' });
    await user.keyboard('rocket');
    await within(picker).findByRole('option', { name: 'rocket', selected: true });
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(calls).toEqual(['🚀']));
    // the picker closed and gave the focus back to its button
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(open);

    await user.click(open);
    await user.keyboard('party popper');
    await screen.findByRole('option', { name: 'party popper', selected: true });
    await user.keyboard('{Enter}');
    const alert = await within(item(message(2).id)).findByRole('alert');
    expect(alert.textContent).toBe(
      'Could not react with 🎉: a message has at most 20 different reactions',
    );
  });
});

describe('the pinned messages', () => {
  it('lists the pins, follows message-updated live, jumps to a pin, and shows a refused unpin', async () => {
    const user = userEvent.setup();
    const m2: Message = { ...message(2), pinned: true };
    const m3: Message = { ...message(3), pinned: true };
    roomServer(
      http.get('/api/rooms/r1/pins', () => HttpResponse.json({ items: [m2] })),
      http.delete('/api/messages/:id/pin', () =>
        problem(403, 'Forbidden', 'only who pinned it, the room owner or an admin may unpin'),
      ),
    );
    window.location.hash = '#/rooms/r1';
    const { socket } = renderApp();
    await screen.findByRole('heading', { name: /general/ });
    await user.click(screen.getByRole('link', { name: 'Pinned' }));
    expect(window.location.hash).toBe('#/rooms/r1/pins');
    const panel = await screen.findByRole('complementary', { name: /Pinned messages/ });
    const pins = () =>
      within(panel)
        .queryAllByTestId('pin')
        .map((p) => p.textContent);
    await vi.waitFor(() => expect(pins()).toHaveLength(1));
    expect(pins()[0]).toContain('m2');
    expect(within(panel).getByRole('heading').textContent).toBe('Pinned messages (1)');

    // a new pin goes first; an unpin takes it away; an edit of a pinned message shows
    act(() => socket.serverEmit('message-updated', { message: m3 }));
    await vi.waitFor(() => expect(pins().map((t) => t?.match(/m\d/)?.[0])).toEqual(['m3', 'm2']));
    act(() => socket.serverEmit('message-updated', { message: { ...m2, pinned: false } }));
    await vi.waitFor(() => expect(pins()).toHaveLength(1));
    act(() =>
      socket.serverEmit('message-updated', {
        message: { ...m3, content: 'm3 <b>edited</b>', isEdited: true },
      }),
    );
    await vi.waitFor(() => expect(pins()[0]).toContain('m3 <b>edited</b>'));
    expect(panel.querySelector('b')).toBeNull(); // text, never HTML
    act(() => socket.serverEmit('message-deleted', { messageId: m3.id, roomId: 'r1' }));
    await within(panel).findByText(/No pinned messages yet/);

    act(() => socket.serverEmit('message-updated', { message: m2 }));
    const jump = await within(panel).findByTestId('pin-jump');
    await user.click(jump);
    expect(window.location.hash).toBe(`#/rooms/r1/pins?focus=${m2.id}`);
    await vi.waitFor(() => expect(item(m2.id).className).toContain('message-focused'));
    expect(jump.getAttribute('aria-current')).toBe('location');

    await user.click(within(panel).getByRole('button', { name: 'Unpin message by bob' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe(
      'only who pinned it, the room owner or an admin may unpin',
    );
    expect(pins()).toHaveLength(1);
  });
});

describe('who may unpin', () => {
  const byBob: Message = { ...message(1), pinned: true, pinnedBy: bob.id };
  const byMe: Message = { ...message(2), pinned: true, pinnedBy: alice.id };
  const notPinned: Message = { ...message(3), pinned: false, pinnedBy: null };

  async function showPins(myRole: 'owner' | 'member', admin = false) {
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general', { myRole })])),
      http.get('/api/rooms/r1/messages', () =>
        HttpResponse.json({ items: [notPinned, byMe, byBob], nextBefore: null, hasMore: false }),
      ),
      http.get('/api/rooms/r1/pins', () => HttpResponse.json({ items: [byMe, byBob] })),
      http.get('/api/users', () => HttpResponse.json([alice, bob])),
    );
    if (admin) asAdmin(alice);
    window.location.hash = '#/rooms/r1/pins';
    renderApp();
    const panel = await screen.findByRole('complementary', { name: /Pinned messages/ });
    await vi.waitFor(() => expect(within(panel).queryAllByTestId('pin')).toHaveLength(2));
    await screen.findByText('m3');
    const unpinIn = (el: HTMLElement) => within(el).queryByTestId(/^(pin|message)-unpin$/) !== null;
    const pin = (id: string) =>
      within(panel)
        .getAllByTestId('pin')
        .find((el) => el.getAttribute('data-message-id') === id)!;
    return {
      list: { byBob: unpinIn(pin(byBob.id)), byMe: unpinIn(pin(byMe.id)) },
      conversation: { byBob: unpinIn(item(byBob.id)), byMe: unpinIn(item(byMe.id)) },
    };
  }

  it('offers Unpin to a member only on their own pins; Pin on the others stays', async () => {
    const seen = await showPins('member');
    expect(seen).toEqual({
      list: { byBob: false, byMe: true },
      conversation: { byBob: false, byMe: true },
    });
    expect(within(item(byBob.id)).getByTestId('message-pinned')).toBeTruthy();
    expect(within(item(notPinned.id)).getByTestId('message-pin')).toBeTruthy();
  });

  it("offers Unpin on everybody's pins to the room's owner", async () => {
    const seen = await showPins('owner');
    expect(seen.list).toEqual({ byBob: true, byMe: true });
    expect(seen.conversation).toEqual({ byBob: true, byMe: true });
  });

  it("offers Unpin on everybody's pins to an administrator", async () => {
    const seen = await showPins('member', true);
    expect(seen.list).toEqual({ byBob: true, byMe: true });
    expect(seen.conversation).toEqual({ byBob: true, byMe: true });
  });
});

describe('threads and @ autocomplete', () => {
  it('opens a thread from its link, follows replies live, and replies with a mention chosen by keyboard', async () => {
    const user = userEvent.setup();
    const root = message(1);
    roomServer(
      http.get('/api/messages/:id/thread', ({ params }) =>
        HttpResponse.json({
          items:
            params.id === root.id
              ? [message(4, { parentId: root.id, content: 'first reply', userId: alice.id })]
              : [],
          hasMore: false,
        }),
      ),
    );
    // a thread's link works on its own (a reload, a link shared)
    window.location.hash = `#/rooms/r1/thread/${root.id}`;
    const { socket } = renderApp();
    const panel = await screen.findByRole('complementary', { name: 'Thread' });
    await within(panel).findByText('first reply');
    expect(within(panel).getByTestId('thread-root').textContent).toContain('m1');
    expect(within(panel).getByTestId('thread-count').textContent).toBe('1 reply');

    act(() =>
      socket.serverEmit('message-received', {
        message: message(5, { parentId: root.id, content: 'second reply' }),
        user: bob,
      }),
    );
    await within(panel).findByText('second reply');
    expect(within(panel).getByTestId('thread-count').textContent).toBe('2 replies');
    // the same reply again (a catch-up) is shown once (the cache notifies on a later tick: wait for it)
    await act(async () => {
      socket.serverEmit('message-received', {
        message: message(5, { parentId: root.id, content: 'second reply' }),
        user: bob,
      });
      await new Promise((r) => setTimeout(r, 100));
    });
    expect(within(panel).getAllByTestId('thread-reply')).toHaveLength(2);

    const box = within(panel).getByRole('textbox', { name: 'Reply in thread' });
    await user.click(box);
    await user.keyboard('thanks @B');
    expect(
      within(panel)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['@bob']);
    await user.keyboard('{Enter}');
    expect((box as HTMLTextAreaElement).value).toBe('thanks @bob ');
    await user.keyboard('!{Enter}');
    await vi.waitFor(() =>
      expect(socket.emitted.find((e) => e.event === 'send-message')?.payload).toMatchObject({
        roomId: 'r1',
        content: 'thanks @bob !',
        parentId: root.id,
      }),
    );
  });

  it('keeps a reply and a deletion that arrive while the thread loads (its answer was read before them)', async () => {
    const root = message(1);
    const held = heldAnswer();
    roomServer(
      http.get('/api/messages/:id/thread', () =>
        held.answer({
          items: [message(4, { parentId: root.id, content: 'old reply' })],
          hasMore: false,
        }),
      ),
    );
    window.location.hash = `#/rooms/r1/thread/${root.id}`;
    const { socket } = renderApp();
    const panel = await screen.findByRole('complementary', { name: 'Thread' });
    // the events come while the answer (read before they were stored) is on its way
    await held.asked;
    act(() => {
      socket.serverEmit('message-received', {
        message: message(5, { parentId: root.id, content: 'live reply' }),
        user: bob,
      });
      socket.serverEmit('message-deleted', { messageId: message(4).id, roomId: 'r1' });
    });
    held.release();
    await within(panel).findByText('live reply');
    expect(replyTexts(panel)).toEqual(['live reply']);
    expect(within(panel).getByTestId('thread-count').textContent).toBe('1 reply');
  });

  it('keeps a reply that arrives while the next page of the thread loads', async () => {
    const user = userEvent.setup();
    const root = message(1);
    const held = heldAnswer();
    roomServer(
      http.get('/api/messages/:id/thread', ({ request }) =>
        new URL(request.url).searchParams.get('after')
          ? held.answer({
              items: [message(5, { parentId: root.id, content: 'reply 5' })],
              hasMore: false,
            })
          : HttpResponse.json({
              items: [message(4, { parentId: root.id, content: 'reply 4' })],
              hasMore: true,
            }),
      ),
    );
    window.location.hash = `#/rooms/r1/thread/${root.id}`;
    const { socket } = renderApp();
    const panel = await screen.findByRole('complementary', { name: 'Thread' });
    await user.click(await within(panel).findByRole('button', { name: 'Load later replies' }));
    await held.asked;
    act(() =>
      socket.serverEmit('message-received', {
        message: message(6, { parentId: root.id, content: 'reply 6' }),
        user: bob,
      }),
    );
    held.release();
    await within(panel).findByText('reply 6');
    expect(replyTexts(panel)).toEqual(['reply 4', 'reply 5', 'reply 6']);
  });

  it('the composer offers the members after @ (not me; @room only for owners), and Enter still sends', async () => {
    const user = userEvent.setup();
    roomServer();
    window.location.hash = '#/rooms/r1';
    const { socket } = renderApp();
    await screen.findByText('m3');
    const input = screen.getByTestId('message-input');
    await user.click(input);
    await user.keyboard('@');
    await vi.waitFor(() =>
      expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['@bob']),
    );
    await user.keyboard('{Tab}hello{Enter}');
    await vi.waitFor(() =>
      expect(socket.emitted.find((e) => e.event === 'send-message')?.payload).toMatchObject({
        content: '@bob hello',
      }),
    );
  });
});
