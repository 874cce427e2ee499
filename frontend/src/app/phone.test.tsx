import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHONE_QUERY } from '../lib/media';
import { alice, bob, installMsw, renderApp, room, signedIn } from '../test/msw';

installMsw();

describe('on a phone-sized screen', () => {
  beforeEach(() => {
    // jsdom has no layout: the phone is what matchMedia answers
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      writable: true,
      value: (query: string) => ({
        matches: query === PHONE_QUERY,
        media: query,
        addEventListener: () => {},
        removeEventListener: () => {},
      }),
    });
    window.location.hash = '#/rooms/r1';
  });
  afterEach(() => {
    Reflect.deleteProperty(window, 'matchMedia');
    window.location.hash = '';
  });

  it('the member list is a view of its own, opened from the room header and closed back to it', async () => {
    const user = userEvent.setup();
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general')])),
      http.get('/api/rooms/r1/messages', () =>
        HttpResponse.json({ items: [], nextBefore: null, hasMore: false }),
      ),
      http.get('/api/rooms/r1/members', () =>
        HttpResponse.json([{ userId: bob.id, role: 'owner', joinedAt: '2025-01-01T00:00:00Z' }]),
      ),
      http.get('/api/users', () => HttpResponse.json([alice, bob])),
    );
    const { container } = renderApp();
    const toggle = await screen.findByTestId('toggle-members');
    // the conversation first: no member list yet
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByTestId('user-list')).toBeNull();
    expect(container.querySelector('.chat-layout.with-members')).toBeNull();

    await user.click(toggle);
    const list = await screen.findByTestId('user-list');
    expect(container.querySelector('.chat-layout.with-members')).not.toBeNull();
    expect(await within(list).findByRole('button', { name: 'Message bob directly' })).toBeTruthy();
    await user.click(within(list).getByRole('button', { name: '← Back to the conversation' }));
    expect(screen.queryByTestId('user-list')).toBeNull();
    expect(screen.getByTestId('message-input')).toBeTruthy();
  });
});
