import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocket, useSocketEvent } from '../../lib/socket-context';

/** The server forgets a typing state after 5 s; repeat typing-start while typing goes on. */
const REPEAT_MS = 3_000;
/** Forget someone's typing state if no stop arrives (a lost event must not show it forever). */
const EXPIRE_MS = 6_000;

/**
 * Who else is typing in the room (`typing-indicator`, never echoed to the typist), and a
 * `typed()` callback for the composer that emits `typing-start` / `typing-stop`.
 */
export function useTyping(roomId: string) {
  const { socket } = useSocket();
  const [typists, setTypists] = useState<Record<string, number>>({});
  const lastStart = useRef(0);
  const stopTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useSocketEvent('typing-indicator', ({ userId, roomId: room, isTyping }) => {
    if (room !== roomId) return;
    setTypists((cur) => {
      const next = { ...cur };
      if (isTyping) next[userId] = Date.now();
      else delete next[userId];
      return next;
    });
  });

  useEffect(() => {
    const timer = setInterval(() => {
      setTypists((cur) => {
        const now = Date.now();
        const kept = Object.entries(cur).filter(([, at]) => now - at < EXPIRE_MS);
        return kept.length === Object.keys(cur).length ? cur : Object.fromEntries(kept);
      });
    }, 1_000);
    return () => clearInterval(timer);
  }, []);

  const stop = useCallback(() => {
    clearTimeout(stopTimer.current);
    if (lastStart.current && socket?.connected) socket.emit('typing-stop', { roomId });
    lastStart.current = 0;
  }, [socket, roomId]);

  const typed = useCallback(() => {
    if (!socket?.connected) return;
    const now = Date.now();
    if (now - lastStart.current > REPEAT_MS) {
      socket.emit('typing-start', { roomId });
      lastStart.current = now;
    }
    clearTimeout(stopTimer.current);
    stopTimer.current = setTimeout(stop, REPEAT_MS);
  }, [socket, roomId, stop]);

  useEffect(() => stop, [stop]);

  return { typingUserIds: Object.keys(typists), typed, stopTyping: stop };
}

/** "alice is typing…", "alice and bob are typing…", "3 people are typing…" */
export function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
