import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from './api-client';
import { createChatSocket } from './socket';
import type { ChatSocket } from './socket';
import type { ServerEvents } from './socket-events';

export interface SocketState {
  socket: ChatSocket | null;
  connected: boolean;
  /** True once the socket was connected and then lost: the UI shows a reconnect banner. */
  reconnecting: boolean;
}

const SocketContext = createContext<SocketState>({
  socket: null,
  connected: false,
  reconnecting: false,
});

/** Holds one socket for the signed-in session; closes it on unmount (logout). */
export function SocketProvider({
  client,
  children,
  factory = createChatSocket,
}: {
  client: ApiClient;
  children: ReactNode;
  factory?: (client: ApiClient) => ChatSocket;
}) {
  const [state, setState] = useState<SocketState>({
    socket: null,
    connected: false,
    reconnecting: false,
  });

  useEffect(() => {
    const socket = factory(client);
    let everConnected = false;
    const update = () => {
      if (socket.connected) everConnected = true;
      setState({
        socket,
        connected: socket.connected,
        reconnecting: everConnected && !socket.connected,
      });
    };
    socket.on('connect', update);
    socket.on('disconnect', update);
    socket.connect();
    update();
    return () => {
      socket.off('connect', update);
      socket.off('disconnect', update);
      socket.disconnect();
    };
  }, [client, factory]);

  return <SocketContext.Provider value={state}>{children}</SocketContext.Provider>;
}

export function useSocket(): SocketState {
  return useContext(SocketContext);
}

/**
 * Calls `handler` for every `event` the gateway sends on the session's socket. The latest handler
 * is used without re-subscribing, so callers may pass inline functions.
 */
export function useSocketEvent<E extends keyof ServerEvents>(
  event: E,
  handler: (payload: ServerEvents[E]) => void,
): void {
  const { socket } = useSocket();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener = (payload: ServerEvents[E]) => {
      if (payload && typeof payload === 'object') latest.current(payload);
    };
    // One generic listener for any E: Socket.IO's types cannot follow E through the listener map.
    socket.on(event, listener as never);
    return () => {
      socket.off(event, listener as never);
    };
  }, [socket, event]);
}
