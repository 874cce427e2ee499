import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  alice,
  bob,
  message,
  problem,
  renderApp,
  room,
  signedIn,
  installMsw,
} from '../../test/msw';

installMsw();

const msg = message;

/** room r1 with alice (owner) and bob; history m1..m3 by bob, m4 by alice */
function roomServer(extra: Parameters<typeof signedIn>[1][] = []) {
  signedIn(
    alice,
    ...extra,
    http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general', { myRole: 'owner' })])),
    http.get('/api/rooms/r1/messages', () =>
      HttpResponse.json({
        items: [msg(4, { userId: alice.id }), msg(3), msg(2), msg(1)],
        nextBefore: null,
        hasMore: false,
      }),
    ),
    http.get('/api/rooms/r1/members', () =>
      HttpResponse.json([
        { userId: alice.id, role: 'owner', joinedAt: '2025-01-01T00:00:00Z' },
        { userId: bob.id, role: 'member', joinedAt: '2025-01-01T00:00:00Z' },
      ]),
    ),
    http.get('/api/presence', () =>
      HttpResponse.json([
        { userId: alice.id, isOnline: true, lastSeen: null },
        { userId: bob.id, isOnline: false, lastSeen: '2025-01-01T10:00:00Z' },
      ]),
    ),
    http.get('/api/users', () => HttpResponse.json([alice, bob])),
  );
}

const item = (text: string) =>
  screen.getAllByTestId('message-item').find((el) => el.textContent?.includes(text))!;

describe('conversation', () => {
  beforeEach(() => {
    window.location.hash = '#/rooms/r1';
  });
  afterEach(() => {
    window.location.hash = '';
  });

  it('lists members with presence, and presence-changed and user-left update it live', async () => {
    roomServer();
    const { socket } = renderApp();
    const list = await screen.findByTestId('user-list');
    const bobRow = await within(list).findByRole('button', { name: 'Message bob directly' });
    const row = bobRow.closest('[data-testid="member"]')!;
    await vi.waitFor(() => expect(row.textContent).toMatch(/last seen/));
    expect(row.querySelector('.dot-offline')).not.toBeNull();

    act(() =>
      socket.serverEmit('presence-changed', { userId: bob.id, isOnline: true, lastSeen: null }),
    );
    await vi.waitFor(() => expect(row.querySelector('.dot-online')).not.toBeNull());
    expect(row.textContent).toMatch(/online/);

    act(() => socket.serverEmit('user-left', { userId: bob.id, roomId: 'r1' }));
    await vi.waitFor(() => expect(within(list).queryByText('bob')).toBeNull());
    expect(within(list).getByRole('heading').textContent).toContain('(1)');
  });

  it('shows who is typing from typing-indicator and emits typing-start while I type', async () => {
    const user = userEvent.setup();
    roomServer();
    const { socket } = renderApp();
    await screen.findByText('m3');
    act(() =>
      socket.serverEmit('typing-indicator', { userId: bob.id, roomId: 'r1', isTyping: true }),
    );
    await vi.waitFor(() =>
      expect(screen.getByTestId('typing-line').textContent).toBe('bob is typing…'),
    );
    act(() =>
      socket.serverEmit('typing-indicator', { userId: bob.id, roomId: 'other', isTyping: false }),
    );
    expect(screen.getByTestId('typing-line').textContent).toBe('bob is typing…');
    act(() =>
      socket.serverEmit('typing-indicator', { userId: bob.id, roomId: 'r1', isTyping: false }),
    );
    await vi.waitFor(() => expect(screen.getByTestId('typing-line').textContent).toBe(''));

    await user.type(screen.getByTestId('message-input'), 'hel');
    const starts = socket.emitted.filter((e) => e.event === 'typing-start');
    expect(starts).toHaveLength(1); // not once per key
    expect(starts[0]!.payload).toEqual({ roomId: 'r1' });
    await user.type(screen.getByTestId('message-input'), 'lo{Enter}');
    // sending ends the typing state at once
    expect(socket.emitted.filter((e) => e.event === 'typing-stop')).toHaveLength(1);
  });

  it('edits my message inline and deletes a message after confirming (room owner)', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    roomServer([
      http.patch('/api/messages/:id', async ({ params, request }) => {
        const body = (await request.json()) as { content: string };
        calls.push(`PATCH ${params.id} ${body.content}`);
        return HttpResponse.json(
          msg(4, { userId: alice.id, content: body.content, isEdited: true }),
        );
      }),
      http.delete('/api/messages/:id', ({ params }) => {
        calls.push(`DELETE ${params.id}`);
        return new HttpResponse(null, { status: 204 });
      }),
    ]);
    renderApp();
    await screen.findByText('m4');
    // only my own message can be edited; as owner I may delete any
    expect(within(item('m3')).queryByTestId('message-edit')).toBeNull();
    await user.click(within(item('m4')).getByTestId('message-edit'));
    const input = screen.getByTestId('edit-input');
    await user.clear(input);
    await user.type(input, 'm4 fixed{Enter}');
    await screen.findByText('m4 fixed');
    expect(within(item('m4 fixed')).getByTestId('message-edited')).toBeTruthy();
    expect(calls).toEqual([`PATCH ${msg(4).id} m4 fixed`]);

    await user.click(within(item('m2')).getByTestId('message-delete'));
    expect(calls).toHaveLength(1); // nothing yet: asks first
    await user.click(screen.getByTestId('message-delete-confirm'));
    await vi.waitFor(() => expect(screen.queryByText('m2')).toBeNull());
    expect(calls.at(-1)).toBe(`DELETE ${msg(2).id}`);
  });

  it('shows the server error when an edit is refused and keeps the text', async () => {
    const user = userEvent.setup();
    roomServer([
      http.patch('/api/messages/:id', () => problem(403, 'Forbidden', 'Only the author may edit')),
    ]);
    renderApp();
    await screen.findByText('m4');
    await user.click(within(item('m4')).getByTestId('message-edit'));
    await user.type(screen.getByTestId('edit-input'), '!{Enter}');
    expect(await screen.findByText(/Only the author may edit/)).toBeTruthy();
    expect(screen.getByTestId('edit-input')).toBeTruthy();
  });

  it('turns editing off when the server has no edit endpoint (404)', async () => {
    const user = userEvent.setup();
    roomServer([
      http.patch('/api/messages/:id', () => problem(404, 'Not Found', 'No such resource.')),
    ]);
    renderApp();
    await screen.findByText('m4');
    await user.click(within(item('m4')).getByTestId('message-edit'));
    await user.type(screen.getByTestId('edit-input'), '!{Enter}');
    expect(await screen.findByText(/does not support editing/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryAllByTestId('message-edit')).toHaveLength(0);
    // deleting is a separate endpoint and stays offered
    expect(screen.queryAllByTestId('message-delete').length).toBeGreaterThan(0);
  });

  it('shows a reconnect banner while the socket is down and catches up with sync afterwards', async () => {
    roomServer();
    const { socket } = renderApp();
    await screen.findByText('m4');
    expect(screen.queryByTestId('reconnect-banner')).toBeNull();
    act(() => {
      socket.connected = false;
      socket.serverEmit('disconnect', 'transport close');
    });
    expect(await screen.findByTestId('reconnect-banner')).toBeTruthy();
    expect(screen.getByTestId('connection-state').textContent).toBe('Reconnecting…');

    socket.autoAck = (event) =>
      event === 'join-room'
        ? { ok: true, room: {} }
        : event === 'sync'
          ? { ok: true, items: [msg(5, { content: 'missed' })], hasMore: false }
          : undefined;
    act(() => {
      socket.connect();
    });
    await screen.findByText('missed');
    expect(screen.queryByTestId('reconnect-banner')).toBeNull();
    const sync = socket.emitted.find((e) => e.event === 'sync');
    expect(sync?.payload).toEqual({ roomId: 'r1', afterId: msg(4).id });
  });
});
