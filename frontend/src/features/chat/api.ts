import type { ApiClient } from '../../lib/api-client';
import type { Message, Page, UserSummary } from '../../lib/types';

export const PAGE_SIZE = 50;

export function fetchMessages(
  client: ApiClient,
  roomId: string,
  opts: { before?: string | null; limit?: number; signal?: AbortSignal } = {},
): Promise<Page<Message>> {
  return client.get<Page<Message>>(
    `/api/rooms/${encodeURIComponent(roomId)}/messages`,
    { limit: opts.limit ?? PAGE_SIZE, before: opts.before ?? undefined },
    opts.signal,
  );
}

export function postMessage(
  client: ApiClient,
  roomId: string,
  body: { content: string; clientMsgId: string },
): Promise<Message> {
  return client.post<Message>(`/api/rooms/${encodeURIComponent(roomId)}/messages`, body);
}

export function fetchUsers(client: ApiClient, ids: string[]): Promise<UserSummary[]> {
  return client.get<UserSummary[]>('/api/users', { ids: ids.join(',') });
}
