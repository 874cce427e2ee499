import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from './api-client';

type Handler = (...args: unknown[]) => void;
type AuthFn = (cb: (data: object) => void) => void;

/** The part of socket.io-client's Socket that createChatSocket touches. */
class MockSocket {
  active = false;
  connect = vi.fn();
  readonly handlers = new Map<string, Handler[]>();
  constructor(readonly options: { auth: AuthFn; transports: string[] }) {}
  on(event: string, h: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), h]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
}

const sockets: MockSocket[] = [];
vi.mock('socket.io-client', () => ({
  io: (...args: unknown[]) => {
    const socket = new MockSocket(args[args.length - 1] as MockSocket['options']);
    sockets.push(socket);
    return socket;
  },
}));

const { createChatSocket } = await import('./socket');

function authOf(socket: MockSocket): unknown {
  let sent: unknown;
  socket.options.auth((data) => {
    sent = data;
  });
  return sent;
}

function opened(): MockSocket {
  const socket = sockets[0];
  if (!socket) throw new Error('io() was not called');
  return socket;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createChatSocket', () => {
  beforeEach(() => {
    sockets.length = 0;
  });

  it('reads the current access token at every (re)connect', () => {
    const client = new ApiClient({ fetch: vi.fn() });
    client.setAccessToken('first');
    createChatSocket(client);
    const socket = opened();
    expect(socket.options.transports).toEqual(['websocket']);
    expect(authOf(socket)).toEqual({ token: 'first' });

    client.setAccessToken('refreshed');
    expect(authOf(socket)).toEqual({ token: 'refreshed' });
  });

  it('refreshes once on an unauthorized CONNECT_ERROR and connects again with the new token', async () => {
    const client = new ApiClient({ fetch: vi.fn() });
    client.setAccessToken('expired');
    const refresh = vi.spyOn(client, 'refresh').mockImplementation(async () => {
      client.setAccessToken('fresh');
      return { accessToken: 'fresh' } as Awaited<ReturnType<ApiClient['refresh']>>;
    });
    createChatSocket(client);
    const socket = opened();

    socket.fire('connect_error', new Error('unauthorized'));
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(authOf(socket)).toEqual({ token: 'fresh' });

    // Refused again before any successful connect: no refresh loop.
    socket.fire('connect_error', new Error('unauthorized'));
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);

    // After a successful connect, a later expiry may refresh again.
    socket.fire('connect');
    socket.fire('connect_error', new Error('unauthorized'));
    await flush();
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('leaves transport-level failures to socket.io-client\u2019s own reconnection', async () => {
    const client = new ApiClient({ fetch: vi.fn() });
    const refresh = vi.spyOn(client, 'refresh');
    createChatSocket(client);
    const socket = opened();
    socket.active = true; // still reconnecting by itself
    socket.fire('connect_error', new Error('websocket error'));
    socket.active = false;
    socket.fire('connect_error', new Error('timeout'));
    await flush();
    expect(refresh).not.toHaveBeenCalled();
    expect(socket.connect).not.toHaveBeenCalled();
  });

  it('after the server ends the connection, reconnects with a new token or ends the session', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ accessToken: 'fresh', expiresIn: 900 }), { status: 200 }),
      )
      .mockResolvedValueOnce(new Response(null, { status: 401 }));
    const client = new ApiClient({ fetch });
    client.setAccessToken('old');
    const tokens: (string | null)[] = [];
    client.onTokenChange((token) => tokens.push(token));
    createChatSocket(client);
    const socket = opened();

    // a disconnect the client asked for (logout) or a lost transport: not the server's decision
    socket.fire('disconnect', 'io client disconnect');
    socket.fire('disconnect', 'transport close');
    await flush();
    expect(fetch).not.toHaveBeenCalled();

    // the token ended: a refresh gives a new one and the socket comes back with it
    socket.fire('disconnect', 'io server disconnect');
    await flush();
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(authOf(socket)).toEqual({ token: 'fresh' });

    // the account was disabled: the refresh is refused, the session ends, no reconnect
    socket.fire('disconnect', 'io server disconnect');
    await flush();
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(tokens).toEqual(['fresh', null]);
  });
});
