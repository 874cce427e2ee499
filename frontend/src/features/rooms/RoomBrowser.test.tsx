import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Room } from '../../lib/types';
import { alice, installMsw, renderApp, room, signedIn } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
});

const PAGE = 50;

/**
 * room-service's discovery as the contract says: `limit` rooms by name after the opaque `after`
 * cursor, and `Link: <…>; rel="next"` while more remain. Records each request's query.
 */
function discovery(all: Room[], requests: URLSearchParams[]) {
  return http.get('/api/rooms', ({ request }) => {
    const url = new URL(request.url);
    if (url.searchParams.get('discover') !== 'true') return HttpResponse.json([]);
    requests.push(url.searchParams);
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const after = url.searchParams.get('after');
    const matching = all.filter((r) => r.name.toLowerCase().includes(q));
    const start = after ? matching.findIndex((r) => r.id === atob(after)) + 1 : 0;
    const page = matching.slice(start, start + PAGE);
    const next = new URLSearchParams({ discover: 'true', limit: String(PAGE) });
    if (q) next.set('q', q);
    next.set('after', btoa(page.at(-1)?.id ?? ''));
    const more = start + PAGE < matching.length;
    return HttpResponse.json(page, {
      headers: more ? { Link: `</api/rooms?${next}>; rel="next"` } : {},
    });
  });
}

const shownIds = () =>
  screen.queryAllByTestId('discover-room').map((r) => r.getAttribute('data-room-id'));

describe('room browser', () => {
  const many = Array.from({ length: 120 }, (_, i) =>
    room(`p${String(i).padStart(3, '0')}`, `plaza ${String(i).padStart(3, '0')}`),
  );

  it('loads further pages by the Link header as the list scrolls, and by "Load more"', async () => {
    const user = userEvent.setup();
    const requests: URLSearchParams[] = [];
    signedIn(alice, discovery(many, requests));
    window.location.hash = '#/browse?q=plaza';
    renderApp();

    const count = await screen.findByText(/50 rooms matching “plaza” so far, more available/);
    expect(count.getAttribute('data-testid')).toBe('discover-count');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.get('q')).toBe('plaza');
    expect(requests[0]!.has('after')).toBe(false);

    // keyboard and mouse: the button asks for the next page, at the server's URL as given
    await user.click(screen.getByRole('button', { name: 'Load more rooms' }));
    await screen.findByText(/100 rooms matching “plaza” so far/);
    expect(requests[1]!.get('after')).toBe(btoa('p049'));
    expect(requests[1]!.get('limit')).toBe('50');

    // scrolling to the end of the virtualised list loads the last page
    const scroller = screen.getByTestId('discover-scroll');
    scroller.scrollTop = 100 * 64;
    fireEvent.scroll(scroller);
    await screen.findByText('120 rooms matching “plaza”, all shown.');
    expect(requests[2]!.get('after')).toBe(btoa('p099'));
    expect(screen.queryByRole('button', { name: 'Load more rooms' })).toBeNull();
    await vi.waitFor(() => expect(shownIds()).toContain('p119'));
    // virtualised: only rows near the end are in the document
    expect(shownIds()).not.toContain('p000');
    expect(requests).toHaveLength(3);

    // leaving keeps only the first page: coming back never asks for every page again
    act(() => {
      window.location.hash = '#/';
    });
    await vi.waitFor(() => expect(screen.queryByTestId('discover-count')).toBeNull());
    act(() => {
      window.location.hash = '#/browse?q=plaza';
    });
    await screen.findByText(/^50 rooms matching “plaza” so far, more available/);
    expect(requests.length).toBeLessThanOrEqual(4);
    expect(requests.slice(3).every((r) => !r.has('after'))).toBe(true);
  });

  it('a new filter starts again from its first page, one request for the settled text', async () => {
    const user = userEvent.setup();
    const requests: URLSearchParams[] = [];
    signedIn(alice, discovery([...many, room('x1', 'plaza annex')], requests));
    window.location.hash = '#/browse';
    renderApp();
    await screen.findByText(/^50 rooms so far, more available/);

    await user.type(screen.getByTestId('discover-filter'), 'annex');
    await screen.findByText('1 room matching “annex”, all shown.');
    expect(shownIds()).toEqual(['x1']);
    expect(window.location.hash).toBe('#/browse?q=annex');
    const filtered = requests.filter((r) => r.has('q'));
    expect(filtered.map((r) => [r.get('q'), r.has('after')])).toEqual([['annex', false]]);
  });
});
