// Shared helpers for the end-to-end tests: REST calls and Socket.IO clients against the gateway.
import { randomBytes, randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';

export const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
/** The second gateway instance of a two-gateway run (./chat test e2e starts it), or '' when there is none. */
export const GATEWAY2_URL = (process.env.GATEWAY2_URL ?? '').replace(/\/$/, '');
/** node:test's skip for tests that need both gateways: false, or why they cannot run. */
export const SKIP_WITHOUT_GATEWAY2 = GATEWAY2_URL
  ? false
  : 'GATEWAY2_URL is not set (run through ./chat test e2e, or ./chat up --gateways 2)';
export const HTTP_TIMEOUT_MS = Number(process.env.E2E_HTTP_TIMEOUT_MS ?? 10_000);
export const SOCKET_TIMEOUT_MS = Number(process.env.E2E_SOCKET_TIMEOUT_MS ?? 8_000);

export const uniqueName = (prefix) => `${prefix}_${randomBytes(6).toString('hex')}`;
export const clientMsgId = () => randomUUID();

/** fetch through the gateway; returns {status, headers, body (parsed JSON or text)} */
export async function api(method, path, { token, json, body, headers = {} } = {}) {
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload = body;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  }
  const res = await fetch(`${GATEWAY_URL}${path}`, {
    method,
    headers: h,
    body: payload,
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export function describeResponse(r) {
  return `HTTP ${r.status} ${r.headers.get('content-type') ?? ''} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`.slice(0, 600);
}

/** registers a fresh user; returns {user, token} */
export async function registerUser(prefix = 'e2e') {
  const username = uniqueName(prefix);
  const r = await api('POST', '/api/auth/register', {
    json: { username, email: `${username}@example.com`, password: `pw-${randomBytes(8).toString('hex')}` },
  });
  if (r.status !== 201 || !r.body?.accessToken) throw new Error(`register ${username}: ${describeResponse(r)}`);
  return { user: r.body.user, token: r.body.accessToken, username };
}

/** connects a Socket.IO client (websocket only, no reconnection); resolves once connected */
export function connect(token, extra = {}) {
  return connectTo(GATEWAY_URL, token, { transports: ['websocket'], ...extra });
}

/** connects a Socket.IO client to `url` with the client's defaults but no reconnection, plus `extra` */
export function connectTo(url, token, extra = {}) {
  const socket = io(url, {
    auth: token === undefined ? undefined : { token },
    reconnection: false,
    timeout: SOCKET_TIMEOUT_MS,
    forceNew: true,
    ...extra,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`socket did not connect to ${url} within ${SOCKET_TIMEOUT_MS} ms`));
    }, SOCKET_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

/** emits with an ack and a timeout */
export function emitAck(socket, event, payload) {
  return socket.timeout(SOCKET_TIMEOUT_MS).emitWithAck(event, payload);
}

/** resolves with the first event matching pred, rejects after the timeout */
export function waitFor(socket, event, pred = () => true, timeoutMs = SOCKET_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    function handler(data) {
      if (!pred(data)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(data);
    }
    socket.on(event, handler);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
