import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../lib/query-keys';
import { useAuth } from '../../lib/session';
import type { Message } from '../../lib/types';

interface Pins {
  items: Message[];
}

/** The room's pinned messages, newest pin first (`GET /api/rooms/{id}/pins`), kept live by events. */
export function usePins(roomId: string) {
  const { client } = useAuth();
  return useQuery({
    queryKey: queryKeys.pins(roomId),
    queryFn: ({ signal }) =>
      client.get<Pins>(`/api/rooms/${encodeURIComponent(roomId)}/pins`, undefined, signal),
    staleTime: Infinity,
  });
}

/**
 * Applies a message as it is now (a `message-updated` event, a pin or unpin answer) to the room's
 * pinned list: a new pin goes first (newest pin first), an unpinned message leaves, a pinned one is
 * replaced (an edit shows in the list too).
 */
export function applyToPins(queryClient: QueryClient, message: Message): void {
  queryClient.setQueryData<Pins>(queryKeys.pins(message.roomId), (pins) => {
    if (!pins) return pins;
    const known = pins.items.some((m) => m.id === message.id);
    if (!message.pinned)
      return known ? { items: pins.items.filter((m) => m.id !== message.id) } : pins;
    if (known) return { items: pins.items.map((m) => (m.id === message.id ? message : m)) };
    return { items: [message, ...pins.items] };
  });
}

/** A deleted message takes its pin with it. */
export function removeFromPins(queryClient: QueryClient, roomId: string, messageId: string): void {
  queryClient.setQueryData<Pins>(queryKeys.pins(roomId), (pins) =>
    pins ? { items: pins.items.filter((m) => m.id !== messageId) } : pins,
  );
}
