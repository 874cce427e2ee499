import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useAuth } from '../../lib/session';
import type { Room } from '../../lib/types';
import { patchReadState, useDocumentVisible } from '../../lib/read-state';

/** A burst of arriving messages moves the marker once. */
const MARK_DELAY_MS = 400;

/**
 * Moves my read marker to the newest message of the open room while I can see it
 * (`PUT /api/rooms/{id}/read`, forward only on the server), and clears the room's badges.
 */
export function useMarkRead(room: Room, newestId: string | null): void {
  const { client } = useAuth();
  const queryClient = useQueryClient();
  const visible = useDocumentVisible();
  const behind =
    newestId !== null &&
    // UUIDv7 strings sort in send order.
    ((room.lastReadId ?? '') < newestId ||
      (room.unreadCount ?? 0) > 0 ||
      (room.mentionCount ?? 0) > 0);

  useEffect(() => {
    if (!visible || !behind || !newestId) return;
    const timer = setTimeout(() => {
      client
        .put<{ roomId: string; lastReadId: string }>(
          `/api/rooms/${encodeURIComponent(room.id)}/read`,
          { messageId: newestId },
        )
        .then((marker) =>
          patchReadState(queryClient, room.id, () => ({
            lastReadId: marker?.lastReadId ?? newestId,
            unreadCount: 0,
            mentionCount: 0,
          })),
        )
        // Not marked this time (offline, a deleted message): the next message or visit tries again.
        .catch(() => undefined);
    }, MARK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [client, queryClient, room.id, newestId, visible, behind]);
}
