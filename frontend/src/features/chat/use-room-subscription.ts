import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useSocket, useSocketEvent } from '../../lib/socket-context';
import type { Ack, Message } from '../../lib/types';
import { useAuth } from '../../lib/session';
import {
  addToHistory,
  applyReactionChange,
  removeFromHistory,
  replaceInHistory,
} from './use-room-history';
import { applyToPins, removeFromPins } from './use-pins';
import { addToThread, changeInThreads } from './use-thread';

export function ackError(ack: Ack<object> | undefined, fallback: string): string {
  if (!ack) return fallback;
  if (ack.ok) return '';
  return ack.error.detail || ack.error.title || fallback;
}

/**
 * Subscribes this socket to the open room (`join-room`), re-joins after every reconnect and catches up
 * with `sync {roomId, afterId}` from the newest stored message; live message events go into the
 * room's history cache. Returns the join error, if any.
 */
export function useRoomSubscription(roomId: string, newestStoredId: string | null): string | null {
  const queryClient = useQueryClient();
  const { socket } = useSocket();
  const [joinError, setJoinError] = useState<string | null>(null);
  const newest = useRef(newestStoredId);
  newest.current = newestStoredId;

  const { user } = useAuth();
  useSocketEvent('message-received', ({ message }) => {
    if (message?.roomId !== roomId) return;
    addToHistory(queryClient, roomId, [message]);
    // A reply also belongs to its thread.
    addToThread(queryClient, message);
  });
  useSocketEvent('message-updated', ({ message }) => {
    if (message?.roomId !== roomId) return;
    replaceInHistory(queryClient, message, { fromEvent: true });
    // pins and edits show in the pinned list and in threads too
    applyToPins(queryClient, message);
    changeInThreads(queryClient, message.id, (m) => ({ ...m, ...message, reactions: m.reactions }));
  });
  useSocketEvent('reaction-changed', (change) => {
    if (change.roomId === roomId && user) applyReactionChange(queryClient, change, user.id);
  });
  useSocketEvent('message-deleted', (event) => {
    if (event.roomId !== roomId) return;
    removeFromHistory(queryClient, roomId, event.messageId);
    removeFromPins(queryClient, roomId, event.messageId);
    changeInThreads(queryClient, event.messageId, () => null);
  });

  useEffect(() => {
    if (!socket) return;
    let active = true;
    const join = () => {
      socket.emit('join-room', { roomId }, (ack: Ack<object>) => {
        if (!active) return;
        if (!ack?.ok) {
          setJoinError(ackError(ack, 'Could not subscribe to the room.'));
          return;
        }
        setJoinError(null);
        const afterId = newest.current;
        if (!afterId) return;
        socket.emit(
          'sync',
          { roomId, afterId },
          (res: Ack<{ items: Message[]; hasMore: boolean }>) => {
            if (!active || !res?.ok) return;
            addToHistory(queryClient, roomId, res.items ?? []);
            for (const m of res.items ?? []) addToThread(queryClient, m);
          },
        );
      });
    };
    socket.on('connect', join);
    if (socket.connected) join();
    // No leave-room when the room closes: the socket stays subscribed to all my rooms, whose
    // messages count as unread (readstate/use-read-state).
    return () => {
      active = false;
      socket.off('connect', join);
    };
  }, [socket, roomId, queryClient]);

  return joinError;
}
