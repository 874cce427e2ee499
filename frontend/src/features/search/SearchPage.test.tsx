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
  it("searches all my rooms, marks the server's match ranges as text, pages on and opens the room at the message", async () => {
    const user = userEvent.setup();
    const asked: string[] = [];
    const second = {
      ...hit,
      id: '01900000-0000-7000-8000-000000000000',
      roomId: 'r1',
      content: 'old needle',
    };
    signedIn(
      alice,
      http.get('/api/rooms', () =>
        HttpResponse.json([room('r1', 'general'), room('r2', 'random')]),
      ),
      http.get('/api/messages/search', ({ request }) => {
        const url = new URL(request.url);
        asked.push(`${url.searchParams.get('q')} before=${url.searchParams.get('before')}`);
        if (url.searchParams.get('before') === 'cursor-1')
          return HttpResponse.json({
            items: [
              { ...second, snippet: { text: 'old needle', highlights: [{ start: 4, end: 10 }] } },
            ],
            nextBefore: null,
            hasMore: false,
            mode: 'fulltext',
          });
        return HttpResponse.json({
          items: [
            // the server cut the snippet and found "Needle" at 4..10
            {
              ...hit,
              snippet: { text: 'the Needle is <b>here</b>', highlights: [{ start: 4, end: 10 }] },
            },
          ],
          nextBefore: 'cursor-1',
          hasMore: true,
          mode: 'fulltext',
        });
      }),
      http.get('/api/rooms/r2/messages', () =>
        HttpResponse.json({ items: [hit], nextBefore: null, hasMore: false }),
      ),
    );
    const { container } = renderApp();
    await user.type(await screen.findByTestId('global-search'), 'needle{Enter}');
    expect(window.location.hash).toBe('#/search?q=needle');
    const result = await screen.findByTestId('search-result');
    expect(within(result).getByText('Needle').tagName).toBe('MARK');
    expect(result.textContent).toContain('<b>here</b>');
    expect(result.textContent).toContain('# random');
    expect(container.querySelector('.search-results b')).toBeNull();
    expect(screen.getByTestId('search-count').textContent).toBe('1+ result');

    await user.click(screen.getByTestId('search-more'));
    await vi.waitFor(() => expect(screen.getAllByTestId('search-result')).toHaveLength(2));
    expect(asked).toEqual(['needle before=null', 'needle before=cursor-1']);
    expect(screen.queryByTestId('search-more')).toBeNull();
    expect(
      within(screen.getAllByTestId('search-result')[1] as HTMLElement).getByText('needle').tagName,
    ).toBe('MARK');

    await user.click(screen.getAllByTestId('search-result')[0] as HTMLElement);
    expect(window.location.hash).toBe(`#/rooms/r2?focus=${hit.id}`);
    await vi.waitFor(() =>
      expect(document.querySelector('.message-focused')?.getAttribute('data-message-id')).toBe(
        hit.id,
      ),
    );
  });

  it('searches the room it was opened from, and all rooms when asked to', async () => {
    const user = userEvent.setup();
    const asked: string[] = [];
    signedIn(
      alice,
      http.get('/api/rooms', () =>
        HttpResponse.json([room('r1', 'general'), room('r2', 'random')]),
      ),
      http.get('/api/rooms/:id/messages/search', ({ params }) => {
        asked.push(`room ${String(params.id)}`);
        return HttpResponse.json({ items: [], nextBefore: null, hasMore: false });
      }),
      http.get('/api/messages/search', () => {
        asked.push('all');
        return HttpResponse.json({ items: [hit], nextBefore: null, hasMore: false });
      }),
    );
    window.location.hash = '#/search?room=r1';
    renderApp();
    const only = await screen.findByLabelText('Only #general');
    expect((only as HTMLInputElement).checked).toBe(true);
    await user.type(screen.getByTestId('search-input'), 'needle');
    await vi.waitFor(() =>
      expect(screen.getByTestId('search-count').textContent).toBe('0 results'),
    );
    expect(asked).toEqual(['room r1']);

    await user.click(screen.getByLabelText('All my rooms'));
    expect(await screen.findByTestId('search-result')).toBeTruthy();
    expect(asked).toEqual(['room r1', 'all']);
    expect(window.location.hash).toBe('#/search?q=needle&from=r1');
    // the way back to the one room stays
    await user.click(screen.getByLabelText('Only #general'));
    expect(window.location.hash).toBe('#/search?q=needle&room=r1');
  });

  it('says so when the server has no search', async () => {
    const user = userEvent.setup();
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([room('r1', 'general')])),
      http.get('/api/messages/search', () => problem(404, 'Not Found')),
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
