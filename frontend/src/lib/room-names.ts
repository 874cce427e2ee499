import { useQueries } from '@tanstack/react-query';
import { queryKeys } from './query-keys';
import { useAuth } from './session';
import type { Member, Room } from './types';
import { useUsers } from './users';

/**
 * The names to show for these rooms. A direct room has no name of its own (room-service calls every
 * one "Direct message"): it is shown by the other person's name, from its two members (one request
 * per direct room, cached for the session: a direct room's members never change).
 */
export function useRoomNames(rooms: readonly Room[]): Record<string, string> {
  const { client, user } = useAuth();
  const directs = rooms.filter((r) => r.isDirect);
  const members = useQueries({
    queries: directs.map((r) => ({
      queryKey: queryKeys.members(r.id),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        client.get<Member[]>(`/api/rooms/${encodeURIComponent(r.id)}/members`, undefined, signal),
      staleTime: Infinity,
    })),
  });
  const partnerOf: Record<string, string> = {};
  directs.forEach((r, i) => {
    const other = members[i]?.data?.find((m) => m.userId !== user?.id);
    if (other) partnerOf[r.id] = other.userId;
  });
  const users = useUsers(Object.values(partnerOf));
  const names: Record<string, string> = {};
  for (const r of rooms) {
    const partner = partnerOf[r.id];
    names[r.id] = (partner && users[partner]?.username) || r.name;
  }
  return names;
}

/** The name to show for one room (see useRoomNames). */
export function useRoomName(room: Room): string {
  return useRoomNames([room])[room.id] ?? room.name;
}
