import type { ApiClient } from '../../lib/api-client';
import type { Room } from '../../lib/types';

export interface CreateRoomInput {
  name: string;
  description?: string;
  isPrivate: boolean;
}

/** Public rooms I could join whose name contains `q` (server-side filter, capped by the server). */
export function fetchDiscoverableRooms(
  client: ApiClient,
  q: string,
  signal?: AbortSignal,
): Promise<Room[]> {
  return client.get<Room[]>('/api/rooms', { discover: true, q: q.trim() || undefined }, signal);
}

export function createRoom(client: ApiClient, input: CreateRoomInput): Promise<Room> {
  return client.post<Room>('/api/rooms', input);
}
