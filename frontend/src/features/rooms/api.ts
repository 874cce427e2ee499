import type { ApiClient } from '../../lib/api-client';
import type { Room } from '../../lib/types';

export interface CreateRoomInput {
  name: string;
  description?: string;
  isPrivate: boolean;
}

/** One page of public rooms to join, and the URL of the next (null: this is the last). */
export interface DiscoverPage {
  rooms: Room[];
  next: string | null;
}

/**
 * Public rooms I could join whose name contains `q` (server-side filter), first page by name; or
 * the page at `next`, a URL the previous page's `Link` header named (keyset cursor, opaque here).
 */
export async function fetchDiscoverPage(
  client: ApiClient,
  q: string,
  next: string | null,
  signal?: AbortSignal,
): Promise<DiscoverPage> {
  const page = next
    ? await client.getPage<Room[]>(next, undefined, signal)
    : await client.getPage<Room[]>(
        '/api/rooms',
        { discover: true, q: q.trim() || undefined },
        signal,
      );
  return { rooms: page.data, next: page.next };
}

export function createRoom(client: ApiClient, input: CreateRoomInput): Promise<Room> {
  return client.post<Room>('/api/rooms', input);
}
