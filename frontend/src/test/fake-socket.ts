import type { ChatSocket } from '../lib/socket';

type Handler = (...args: unknown[]) => void;

export interface Emitted {
  event: string;
  payload: unknown;
  ack?: (reply: unknown) => void;
}

/** Just enough of a socket.io-client Socket for the UI: records emits, lets tests push events. */
export class FakeSocket {
  connected = false;
  active = true;
  readonly emitted: Emitted[] = [];
  private handlers = new Map<string, Set<Handler>>();
  /** Called for each client emit with an ack; return a reply to acknowledge right away. */
  autoAck: (event: string, payload: unknown) => unknown = (event) =>
    event === 'join-room' ? { ok: true, room: {} } : undefined;

  on(event: string, h: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(h);
    return this;
  }
  off(event: string, h: Handler) {
    this.handlers.get(event)?.delete(h);
    return this;
  }
  /** Server -> client event. */
  serverEmit(event: string, ...args: unknown[]) {
    for (const h of [...(this.handlers.get(event) ?? [])]) h(...args);
  }
  connect() {
    this.connected = true;
    this.serverEmit('connect');
    return this;
  }
  disconnect() {
    this.connected = false;
    this.serverEmit('disconnect', 'io client disconnect');
    return this;
  }
  emit(event: string, payload: unknown, ack?: (reply: unknown) => void) {
    this.emitted.push({ event, payload, ack });
    const reply = this.autoAck(event, payload);
    if (ack && reply !== undefined) queueMicrotask(() => ack(reply));
    return this;
  }
  timeout() {
    return {
      emitWithAck: (event: string, payload: unknown) =>
        new Promise((resolve) => this.emit(event, payload, resolve)),
    };
  }
  asSocket(): ChatSocket {
    return this as unknown as ChatSocket;
  }
}
