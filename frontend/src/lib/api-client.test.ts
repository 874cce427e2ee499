import { describe, expect, it, vi } from 'vitest';
import { ApiClient, nextLink } from './api-client';
import { ApiError, NetworkError, parseErrorResponse } from './api-error';

interface Call {
  url: string;
  method: string;
  auth: string | null;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function problem(status: number, body: Record<string, unknown>, headers = {}): Response {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/** A fake fetch that answers from a handler and records every call. */
function fakeFetch(handler: (call: Call, n: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const call: Call = {
      url: input,
      method: init?.method ?? 'GET',
      auth: headers.get('Authorization'),
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return handler(call, calls.length);
  });
  return { fn, calls };
}

describe('problem details parsing', () => {
  it('reads title, detail, status, type and field errors from application/problem+json', async () => {
    const err = await parseErrorResponse(
      problem(400, {
        type: 'about:blank',
        title: 'Validation failed',
        detail: 'username: size must be between 3 and 50',
        instance: '/api/auth/register',
        errors: [
          { field: 'username', message: 'size must be between 3 and 50' },
          { field: 'register.body.email', message: 'must be a well-formed email address' },
          { nonsense: true },
        ],
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.title).toBe('Validation failed');
    expect(err.detail).toBe('username: size must be between 3 and 50');
    expect(err.instance).toBe('/api/auth/register');
    expect(err.errors).toEqual([
      { field: 'username', message: 'size must be between 3 and 50' },
      { field: 'register.body.email', message: 'must be a well-formed email address' },
    ]);
    expect(err.fieldError('username')).toBe('size must be between 3 and 50');
    expect(err.fieldError('email')).toBe('must be a well-formed email address');
    expect(err.fieldError('password')).toBeUndefined();
  });

  it('falls back to a standard title when the body is not JSON', async () => {
    const err = await parseErrorResponse(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        headers: { 'Content-Type': 'text/html' },
      }),
    );
    expect(err.status).toBe(502);
    expect(err.title).toBe('Bad Gateway');
    expect(err.detail).toBeUndefined();
    expect(err.errors).toEqual([]);
  });

  it('survives a malformed JSON body and reads Retry-After', async () => {
    const err = await parseErrorResponse(
      new Response('{oops', {
        status: 429,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '7' },
      }),
    );
    expect(err.status).toBe(429);
    expect(err.title).toBe('Too Many Requests');
    expect(err.retryAfter).toBe(7);
  });

  it('the client throws the parsed ApiError for a failed request', async () => {
    const { fn } = fakeFetch(() =>
      problem(409, { title: 'Conflict', detail: 'Username already taken' }),
    );
    const client = new ApiClient({ fetch: fn });
    const err = await client.post('/api/rooms', { name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(409);
    expect((err as ApiError).userMessage).toBe('Username already taken');
  });

  it('wraps a network failure in NetworkError', async () => {
    const client = new ApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(client.get('/api/rooms')).rejects.toBeInstanceOf(NetworkError);
  });
});

describe('ApiClient authentication', () => {
  it('sends the in-memory access token as a Bearer header and JSON bodies', async () => {
    const { fn, calls } = fakeFetch(() => json(201, { id: 'r1' }));
    const client = new ApiClient({ fetch: fn });
    client.setAccessToken('tok-1');
    await expect(client.post('/api/rooms', { name: 'general', isPrivate: false })).resolves.toEqual(
      {
        id: 'r1',
      },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: '/api/rooms',
      method: 'POST',
      auth: 'Bearer tok-1',
      body: { name: 'general', isPrivate: false },
    });
  });

  it('on 401 refreshes once via the cookie and retries with the new token', async () => {
    const { fn, calls } = fakeFetch((call) => {
      if (call.url === '/api/auth/refresh')
        return json(200, { accessToken: 'new', expiresIn: 900 });
      if (call.auth === 'Bearer new') return json(200, [{ id: 'room-1' }]);
      return problem(401, { title: 'Unauthorized', detail: 'Token expired' });
    });
    const client = new ApiClient({ fetch: fn });
    client.setAccessToken('expired');
    const seen: (string | null)[] = [];
    client.onTokenChange((t) => seen.push(t));

    await expect(client.get('/api/rooms')).resolves.toEqual([{ id: 'room-1' }]);

    expect(calls.map((c) => `${c.method} ${c.url} ${c.auth ?? '-'}`)).toEqual([
      'GET /api/rooms Bearer expired',
      'POST /api/auth/refresh -',
      'GET /api/rooms Bearer new',
    ]);
    expect(calls[1]?.credentials).toBe('include');
    expect(client.getAccessToken()).toBe('new');
    expect(seen).toEqual(['new']);
  });

  it('gives up after one refresh+retry: a second 401 is thrown, not looped', async () => {
    const { fn, calls } = fakeFetch((call) => {
      if (call.url === '/api/auth/refresh')
        return json(200, { accessToken: 'new', expiresIn: 900 });
      return problem(401, { title: 'Unauthorized' });
    });
    const client = new ApiClient({ fetch: fn });
    client.setAccessToken('old');
    const err = await client.get('/api/rooms').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(calls).toHaveLength(3);
  });

  it('when the refresh is refused, clears the token and throws the original 401', async () => {
    const { fn, calls } = fakeFetch(() => problem(401, { title: 'Unauthorized' }));
    const client = new ApiClient({ fetch: fn });
    client.setAccessToken('old');
    const seen: (string | null)[] = [];
    client.onTokenChange((t) => seen.push(t));

    const err = await client.get('/api/rooms').catch((e: unknown) => e);
    expect((err as ApiError).status).toBe(401);
    expect(calls.map((c) => c.url)).toEqual(['/api/rooms', '/api/auth/refresh']);
    expect(client.getAccessToken()).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('shares one refresh between concurrent 401s (refresh tokens rotate)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { fn, calls } = fakeFetch(async (call) => {
      if (call.url === '/api/auth/refresh') {
        await gate;
        return json(200, { accessToken: 'new', expiresIn: 900 });
      }
      return call.auth === 'Bearer new' ? json(200, { ok: call.url }) : problem(401, {});
    });
    const client = new ApiClient({ fetch: fn });
    client.setAccessToken('old');
    const a = client.get('/api/rooms');
    const b = client.get('/api/users/me');
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1),
    );
    release();
    await expect(Promise.all([a, b])).resolves.toEqual([
      { ok: '/api/rooms' },
      { ok: '/api/users/me' },
    ]);
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not refresh for anonymous calls such as login (wrong password stays a 401)', async () => {
    const { fn, calls } = fakeFetch(() =>
      problem(401, { title: 'Unauthorized', detail: 'Invalid username or password' }),
    );
    const client = new ApiClient({ fetch: fn });
    const err = await client
      .post('/api/auth/login', { login: 'a', password: 'b' }, { anonymous: true })
      .catch((e: unknown) => e);
    expect((err as ApiError).detail).toBe('Invalid username or password');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.auth).toBeNull();
  });

  it('returns undefined for 204 No Content', async () => {
    const { fn } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = new ApiClient({ fetch: fn });
    await expect(client.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it('encodes query parameters and skips empty ones', async () => {
    const { fn, calls } = fakeFetch(() => json(200, []));
    const client = new ApiClient({ fetch: fn });
    await client.get('/api/rooms', { discover: true, q: '', before: undefined, x: 'a b&c' });
    expect(calls[0]?.url).toBe('/api/rooms?discover=true&x=a+b%26c');
  });
});

describe('nextLink', () => {
  it('takes the rel="next" target on this origin and nothing else', () => {
    expect(nextLink('</api/rooms?after=abc&limit=50>; rel="next"')).toBe(
      '/api/rooms?after=abc&limit=50',
    );
    expect(nextLink('</a?p=1>; rel="prev", </a?p=3>; rel=next')).toBe('/a?p=3');
    expect(nextLink('</a?p=1>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
    // the request that follows carries the token: never to another host
    expect(nextLink('<https://evil.example/x>; rel="next"')).toBeNull();
    expect(nextLink('<//evil.example/x>; rel="next"')).toBeNull();
    expect(nextLink('</\\evil.example/x>; rel="next"')).toBeNull();
  });
});
