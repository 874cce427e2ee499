import type { SocketProtocol } from './socket-protocol.generated';

/**
 * The socket protocol's events, typed from its one definition
 * (libs/socket-protocol/socket-protocol.schema.json, generated into socket-protocol.generated.ts):
 * the SPA can listen only for events the gateway sends and emit only events it handles.
 */
export type ServerEvents = SocketProtocol['serverEvents'];
export type ClientEvents = SocketProtocol['clientEvents'];

/** Socket.IO's listener map for the server's events. */
export type ServerListeners = {
  [E in keyof ServerEvents]: (payload: ServerEvents[E]) => void;
};

/** Socket.IO's emitter map for the client's events: each takes its payload and an ack callback. */
export type ClientEmitters = {
  [E in keyof ClientEvents]: (
    payload: ClientEvents[E]['payload'],
    ack?: (ack: ClientEvents[E]['ack']) => void,
  ) => void;
};
