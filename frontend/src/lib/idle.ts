import { useEffect } from 'react';
import { useSocket } from './socket-context';

/** No keyboard or pointer input for this long, or the page hidden, makes the user idle (docs/presence.md). */
export const IDLE_AFTER_MS = 5 * 60_000;

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focus'] as const;

/**
 * Reports the user idle or active on the session's socket (`presence-activity {idle}`), once per
 * change and again after every reconnect (a new socket starts active). The server makes the user
 * away while every socket of theirs is idle.
 */
export function useIdleReporting(idleAfterMs: number = IDLE_AFTER_MS): void {
  const { socket } = useSocket();
  useEffect(() => {
    if (!socket) return;
    let idle = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const report = (next: boolean) => {
      if (next === idle) return;
      idle = next;
      if (socket.connected) socket.emit('presence-activity', { idle });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => report(true), idleAfterMs);
    };
    const onInput = () => {
      if (document.visibilityState === 'hidden') return;
      report(false);
      arm();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        clearTimeout(timer);
        report(true);
      } else {
        onInput();
      }
    };
    const onConnect = () => {
      if (idle) socket.emit('presence-activity', { idle: true });
    };
    INPUT_EVENTS.forEach((e) => window.addEventListener(e, onInput, { passive: true }));
    document.addEventListener('visibilitychange', onVisibility);
    socket.on('connect', onConnect);
    arm();
    return () => {
      clearTimeout(timer);
      INPUT_EVENTS.forEach((e) => window.removeEventListener(e, onInput));
      document.removeEventListener('visibilitychange', onVisibility);
      socket.off('connect', onConnect);
    };
  }, [socket, idleAfterMs]);
}
