import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useMatch } from 'react-router';
import { queryKeys } from '../../lib/query-keys';
import { patchReadState, useDocumentVisible } from '../../lib/read-state';
import { useMyRooms } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import { useSocket, useSocketEvent } from '../../lib/socket-context';

/**
 * Unread and mention counts, live (docs/conversation.md, "Read state"). `GET /api/rooms` has the exact
 * counts; between loads they are derived here, as the server expects: this socket subscribes to every
 * room of mine (so it hears their messages, not only the open room's), counts a message from someone
 * else in a room I am not reading, a mention per `mentioned`, clears a room on my own message, and
 * reloads the exact counts on `room-read` (another device read) and after every reconnect.
 */
export function useReadState(): void {
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const { socket } = useSocket();
  const rooms = useMyRooms();
  const visible = useDocumentVisible();
  const openRoomId = useMatch('/rooms/:roomId/*')?.params.roomId ?? null;
  const reading = useRef<string | null>(null);
  reading.current = visible ? openRoomId : null;

  const roomIds = rooms.data?.map((r) => r.id).join(',') ?? '';
  const joined = useRef(new Set<string>());
  useEffect(() => {
    if (!socket) return;
    const mine = roomIds ? roomIds.split(',') : [];
    // A room I left and joined again must be subscribed again.
    for (const roomId of joined.current) if (!mine.includes(roomId)) joined.current.delete(roomId);
    const joinAll = () => {
      for (const roomId of mine) {
        if (joined.current.has(roomId)) continue;
        joined.current.add(roomId);
        socket.emit('join-room', { roomId });
      }
    };
    if (socket.connected) joinAll();
    socket.on('connect', joinAll);
    return () => {
      socket.off('connect', joinAll);
    };
  }, [socket, roomIds]);

  useEffect(() => {
    if (!socket) return;
    let connectedBefore = socket.connected;
    const onConnect = () => {
      if (connectedBefore) {
        // Back after a drop: what was said meanwhile is only in the server's counts.
        void queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      }
      connectedBefore = true;
    };
    // A new connection has no subscriptions: join every room again.
    const onDisconnect = () => joined.current.clear();
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
    };
  }, [socket, queryClient]);

  useSocketEvent('message-received', ({ message }) => {
    if (!message || !user) return;
    if (message.userId === user.id) {
      // What I send, I have read (the server moved my marker when it stored it).
      patchReadState(queryClient, message.roomId, () => ({
        lastReadId: message.id,
        unreadCount: 0,
        mentionCount: 0,
      }));
    } else if (message.roomId !== reading.current) {
      patchReadState(queryClient, message.roomId, (r) => ({
        unreadCount: (r.unreadCount ?? 0) + 1,
      }));
    }
  });
  useSocketEvent('mentioned', ({ roomId }) => {
    if (roomId === reading.current) return;
    patchReadState(queryClient, roomId, (r) => ({ mentionCount: (r.mentionCount ?? 0) + 1 }));
  });
  useSocketEvent('room-read', ({ roomId, lastReadId }) => {
    patchReadState(queryClient, roomId, () => ({ lastReadId }));
    void queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
  });
}
