import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../lib/types';
import { alice, installMsw, problem, renderApp, room, signedIn } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
  localStorage.clear();
});

const hit: Message = {
  id: '01900001-0000-7000-8000-000000000000',
  roomId: 'r2',
  userId: 'u-bob',
  content: 'the Needle is <b>here</b>',
  type: 'text',
  isEdited: false,
  createdAt: '2025-01-01T12:00:00Z',
  updatedAt: '2025-01-01T12:00:00Z',
};

describe('search', () => {
  it('searches all my rooms, highlights the match as text and opens the room at the message', async () => {
    const user = userEvent.setup();
    const asked: string[] = [];
    signedIn(
      alice,
      http.get('/api/rooms', () =>
        HttpResponse.json([room('r1', 'general'), room('r2', 'random')]),
      ),
      http.get('/api/rooms/:id/messages/search', ({ params, request }) => {
        asked.push(`${params.id} ${new URL(request.url).searchParams.get('q')}`);
        return HttpResponse.json({ items: params.id === 'r2' ? [hit] : [], hasMore: false });
      }),
      http.get('/api/rooms/r2/messages', () =>
        HttpResponse.json({ items: [hit], nextBefore: null, hasMore: false }),
      ),
    );
    const { container } = renderApp();
    await user.type(await screen.findByTestId('global-search'), 'needle{Enter}');
    expect(window.location.hash).toBe('#/search?q=needle');
    const result = await screen.findByTestId('search-result');
    expect(asked.sort()).toEqual(['r1 needle', 'r2 needle']);
    expect(within(result).getByText('Needle').tagName).toBe('MARK');
    expect(result.textContent).toContain('<b>here</b>');
    expect(container.querySelector('.search-results b')).toBeNull();

    await user.click(result);
    expect(window.location.hash).toBe(`#/rooms/r2?focus=${hit.id}`);
    await vi.waitFor(() =>
      expect(document.querySelector('.message-focused')?.getAttribute('data-message-id')).toBe(
        hit.id,
      ),
    );
  });

  it('says so when the server has no search', async () => {
    const user = userEvent.setup();
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general')])),
      http.get('/api/rooms/:id/messages/search', () => problem(404, 'Not Found')),
    );
    renderApp();
    await user.type(await screen.findByTestId('global-search'), 'x{Enter}');
    expect(await screen.findByText('Search is not available on this server.')).toBeTruthy();
  });
});

describe('theme', () => {
  it('applies and remembers light, dark and system', async () => {
    const user = userEvent.setup();
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([])),
    );
    const { unmount } = renderApp();
    const toggle = await screen.findByTestId('theme-toggle');
    await user.click(within(toggle).getByText('Dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('teamchat.theme')).toBe('dark');
    unmount();
    document.documentElement.dataset.theme = 'light';
    renderApp();
    await screen.findByTestId('theme-toggle');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect((screen.getByTestId('theme-dark') as HTMLInputElement).checked).toBe(true);
    await user.click(within(screen.getByTestId('theme-toggle')).getByText('System'));
    expect(localStorage.getItem('teamchat.theme')).toBeNull();
  });
});
