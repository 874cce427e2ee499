import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from './api-client';
import { queryKeys } from './query-keys';
import { useAuth } from './session';
import type { Member, Room } from './types';

const roomPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

export function fetchMyRooms(client: ApiClient, signal?: AbortSignal): Promise<Room[]> {
  return client.get<Room[]>('/api/rooms', undefined, signal);
}

/**
 * Rooms the caller is a member of (`GET /api/rooms`), kept current by socket events. The gateway
 * sends room events only to sockets joined to the room, so a room someone else added me to (a new
 * direct message, an invitation) cannot announce itself: the list is asked again when the person
 * comes back to the tab (docs/web-app.md).
 */
export function useMyRooms() {
  const { client } = useAuth();
  return useQuery({
    queryKey: queryKeys.myRooms,
    queryFn: ({ signal }) => fetchMyRooms(client, signal),
    refetchOnWindowFocus: true,
  });
}

/**
 * Takes a room I left, lost or saw deleted out of my rooms. A `GET /api/rooms` still in flight may have been
 * answered before that and would bring the room back: it is dropped and asked again.
 */
export function forgetMyRoom(queryClient: QueryClient, roomId: string): void {
  const room = queryClient.getQueryData<Room[]>(queryKeys.myRooms)?.find((r) => r.id === roomId);
  // Garbage-collected with the cache's other unused entries (gcTime, 5 min by default).
  if (room) queryClient.setQueryData(queryKeys.forgottenRoom(roomId), room);
  queryClient.setQueryData<Room[]>(queryKeys.myRooms, (rooms) =>
    rooms?.filter((r) => r.id !== roomId),
  );
  if (queryClient.isFetching({ queryKey: queryKeys.myRooms }) > 0) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
  }
}

/**
 * A room of my rooms, or one forgotten a moment ago: a device that deleted or left a room gets both its REST
 * answer and the socket event, in either order, and whichever comes second must still name the room.
 */
export function knownRoom(queryClient: QueryClient, roomId: string): Room | undefined {
  return (
    queryClient.getQueryData<Room[]>(queryKeys.myRooms)?.find((r) => r.id === roomId) ??
    queryClient.getQueryData<Room>(queryKeys.forgottenRoom(roomId))
  );
}

/** One room: from my rooms when I am a member, else `GET /api/rooms/{id}` (a public room I may join). */
export function useRoom(roomId: string) {
  const { client } = useAuth();
  const mine = useMyRooms();
  const fromMine = mine.data?.find((r) => r.id === roomId);
  const single = useQuery({
    queryKey: queryKeys.room(roomId),
    queryFn: ({ signal }) => client.get<Room>(roomPath(roomId), undefined, signal),
    enabled: mine.isSuccess && !fromMine,
  });
  return {
    room: fromMine ?? single.data ?? null,
    isMember: Boolean(fromMine),
    isLoading: mine.isPending || (!fromMine && single.isPending && mine.isSuccess),
    error: mine.error ?? (fromMine ? null : single.error),
  };
}

export function useRoomMembers(roomId: string, enabled = true) {
  const { client } = useAuth();
  return useQuery({
    queryKey: queryKeys.members(roomId),
    queryFn: ({ signal }) => client.get<Member[]>(`${roomPath(roomId)}/members`, undefined, signal),
    enabled,
  });
}

export function joinRoom(client: ApiClient, roomId: string): Promise<unknown> {
  return client.post<unknown>(`${roomPath(roomId)}/join`);
}

export function leaveRoom(client: ApiClient, roomId: string): Promise<unknown> {
  return client.post<unknown>(`${roomPath(roomId)}/leave`);
}

/** The one two-person room between the caller and `userId` (created on first use). */
export function openDirectRoom(client: ApiClient, userId: string): Promise<Room> {
  return client.post<Room>('/api/rooms/direct', { userId });
}
