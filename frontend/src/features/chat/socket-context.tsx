import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from '../../lib/api-client';
import { createChatSocket } from '../../lib/socket';
import type { ChatSocket } from '../../lib/socket';

export interface SocketState {
  socket: ChatSocket | null;
  connected: boolean;
}

const SocketContext = createContext<SocketState>({ socket: null, connected: false });

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
  const [state, setState] = useState<SocketState>({ socket: null, connected: false });

  useEffect(() => {
    const socket = factory(client);
    const update = () => setState({ socket, connected: socket.connected });
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
