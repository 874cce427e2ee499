import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ApiClient } from './api-client';
import type { ClientEmitters, ServerListeners } from './socket-events';

export type ChatSocket = Socket<ServerListeners, ClientEmitters>;

/**
 * Opens the real-time connection to the gateway on the same origin (`/socket.io/`, WebSocket
 * transport only). The CONNECT auth payload is `{token}`; it is read at every (re)connect so a
 * refreshed access token is used. A CONNECT_ERROR `unauthorized` triggers one token refresh and
 * a reconnect; if that fails as well the socket stays down until the next successful refresh.
 * When the server itself ends the connection (its token ended, or an administrator disabled the
 * account), socket.io-client does not come back by itself: one refresh decides, a new token
 * reconnects and a refused one ends the session (sign-in screen).
 */
export function createChatSocket(client: ApiClient, url?: string): ChatSocket {
  const options = {
    transports: ['websocket'],
    autoConnect: false,
    auth: (cb: (data: object) => void) => cb({ token: client.getAccessToken() }),
  };
  const socket: ChatSocket = url ? io(url, options) : io(options);

  let refreshedSinceConnect = false;
  socket.on('connect', () => {
    refreshedSinceConnect = false;
  });
  socket.on('connect_error', (err: Error) => {
    // Server-side refusal (CONNECT_ERROR): socket.io does not retry by itself.
    if (socket.active || refreshedSinceConnect) return;
    if (err.message !== 'unauthorized') return;
    refreshedSinceConnect = true;
    client
      .refresh()
      .then((r) => {
        if (r) socket.connect();
      })
      .catch(() => {
        /* offline: stays disconnected; the UI shows the connection state */
      });
  });
  socket.on('disconnect', (reason: string) => {
    if (reason !== 'io server disconnect') return;
    client
      .refresh()
      .then((r) => {
        if (r) socket.connect();
      })
      .catch(() => {
        /* offline: the UI shows the connection state */
      });
  });
  return socket;
}
