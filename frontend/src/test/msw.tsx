import { render } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { App } from '../app/App';
import { ApiClient } from '../lib/api-client';
import type { Message, Room, User } from '../lib/types';
import { FakeSocket } from './fake-socket';

/** The network for component tests: MSW answers the contract's endpoints; unknown ones are 404. */
export const server = setupServer();

/** Registers the MSW server's lifecycle in the calling test file. */
export function installMsw(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

export const alice: User = { id: 'u-alice', username: 'alice', avatarUrl: null };
export const bob: User = { id: 'u-bob', username: 'bob', avatarUrl: null };

/** The n-th message (1-9) of room r1, by bob unless `extra` says otherwise; ids sort in send order. */
export function message(n: number, extra: Partial<Message> = {}): Message {
  const t = new Date(Date.UTC(2025, 0, 1, 12, 0, n)).toISOString();
  return {
    id: `0190000${n}-0000-7000-8000-000000000000`,
    roomId: 'r1',
    userId: bob.id,
    content: `m${n}`,
    type: 'text',
    isEdited: false,
    createdAt: t,
    updatedAt: t,
    ...extra,
  };
}

export function room(id: string, name: string, extra: Partial<Room> = {}): Room {
  return {
    id,
    name,
    description: null,
    isPrivate: false,
    isDirect: false,
    createdBy: 'someone',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    memberCount: 1,
    myRole: 'member',
    ...extra,
  };
}

/** Problem details as the services send them. */
export function problem(status: number, title: string, detail?: string) {
  return HttpResponse.json(
    { type: 'about:blank', title, status, detail },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/** A 400 naming one field, as the services refuse bad input. */
export function invalidField(field: string, message: string) {
  return HttpResponse.json(
    { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ field, message }] },
    { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/** A signed-in session for `me` (refresh cookie accepted) plus the given handlers. */
export function signedIn(me: User, ...handlers: RequestHandler[]) {
  server.use(
    http.post('/api/auth/refresh', () =>
      HttpResponse.json({
        accessToken: 'header.eyJncm91cHMiOlsidXNlciJdfQ.sig',
        expiresIn: 900,
        user: me,
      }),
    ),
    ...handlers,
    // what a room screen always asks for, unless a test says otherwise
    http.get('/api/rooms/:id/members', () => HttpResponse.json([])),
    http.get('/api/presence', () => HttpResponse.json([])),
    http.get('/api/users', () => HttpResponse.json([])),
    http.put('/api/rooms/:id/read', async ({ params, request }) => {
      const { messageId } = (await request.json()) as { messageId: string };
      return HttpResponse.json({ roomId: params.id, lastReadId: messageId });
    }),
  );
}

/** An access token whose `groups` claim makes the SPA show the admin screens (display only). */
export const ADMIN_TOKEN = `header.${btoa(JSON.stringify({ groups: ['user', 'admin'] }))}.sig`;

/** After `signedIn(me, ...)`: the session is an administrator's. */
export function asAdmin(me: User) {
  server.use(
    http.post('/api/auth/refresh', () =>
      HttpResponse.json({ accessToken: ADMIN_TOKEN, expiresIn: 900, user: me }),
    ),
  );
}

/** Renders the whole app against MSW with a fake socket. */
export function renderApp() {
  const socket = new FakeSocket();
  const client = new ApiClient({ baseUrl: window.location.origin });
  const utils = render(<App client={client} socketFactory={() => socket.asSocket()} />);
  return { socket, client, ...utils };
}
