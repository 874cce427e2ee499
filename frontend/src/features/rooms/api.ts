import type { ApiClient } from '../../lib/api-client';
import type { Room } from '../../lib/types';

export interface CreateRoomInput {
  name: string;
  description?: string;
  isPrivate: boolean;
}

export function fetchMyRooms(client: ApiClient, signal?: AbortSignal): Promise<Room[]> {
  return client.get<Room[]>('/api/rooms', undefined, signal);
}

export function fetchDiscoverableRooms(
  client: ApiClient,
  q?: string,
  signal?: AbortSignal,
): Promise<Room[]> {
  return client.get<Room[]>('/api/rooms', { discover: true, q }, signal);
}

export function createRoom(client: ApiClient, input: CreateRoomInput): Promise<Room> {
  return client.post<Room>('/api/rooms', input);
}

export function joinRoom(client: ApiClient, roomId: string): Promise<unknown> {
  return client.post<unknown>(`/api/rooms/${encodeURIComponent(roomId)}/join`);
}
