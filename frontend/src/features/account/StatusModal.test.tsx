import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { alice, installMsw, renderApp, signedIn, invalidField } from '../../test/msw';

installMsw();

afterEach(() => {
  window.location.hash = '';
  localStorage.clear();
});

describe('custom status', () => {
  it('sets my status, shows what the server refuses, and clears it', async () => {
    const user = userEvent.setup();
    const puts: unknown[] = [];
    let deletes = 0;
    signedIn(
      alice,
      http.get('/api/rooms', () => HttpResponse.json([])),
      http.put('/api/presence/me/status', async ({ request }) => {
        const body = (await request.json()) as { text?: string; emoji?: string };
        puts.push(body);
        if (body.emoji === 'ab') return invalidField('emoji', 'must be exactly one emoji');
        return HttpResponse.json({
          userId: alice.id,
          isOnline: true,
          lastSeen: null,
          away: false,
          status: body.text ?? null,
          statusEmoji: body.emoji ?? null,
        });
      }),
      http.delete('/api/presence/me/status', () => {
        deletes++;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp();
    await user.click(await screen.findByTestId('user-menu'));
    await user.click(screen.getByTestId('open-status'));
    await user.type(screen.getByTestId('status-emoji'), 'ab');
    await user.type(screen.getByTestId('status-text'), '  Lunch ');
    await user.click(screen.getByTestId('status-save'));
    expect(await screen.findByText('must be exactly one emoji')).toBeTruthy();

    await user.clear(screen.getByTestId('status-emoji'));
    await user.type(screen.getByTestId('status-emoji'), '🌮');
    await user.click(screen.getByTestId('status-save'));
    expect(await screen.findByText('Status set.')).toBeTruthy();
    expect(puts).toEqual([
      { text: 'Lunch', emoji: 'ab' },
      { text: 'Lunch', emoji: '🌮' },
    ]);

    await user.click(screen.getByTestId('status-clear'));
    expect(await screen.findByText('Status cleared.')).toBeTruthy();
    expect(deletes).toBe(1);
  });
});
