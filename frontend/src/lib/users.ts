import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from './api-client';
import { queryKeys } from './query-keys';
import { useAuth } from './session';
import { useSocketEvent } from './socket-context';
import type { Presence, User, UserSummary } from './types';

/** `GET /api/users?ids=` answers at most this many ids per request. */
const BATCH = 100;

export type UserDirectory = Record<string, UserSummary>;

/** The name to show for a user: the username once looked up, a short stand-in until then. */
export function displayName(users: UserDirectory, userId: string): string {
  return users[userId]?.username ?? `user ${userId.slice(0, 8)}`;
}

async function fetchUsers(client: ApiClient, ids: readonly string[], signal?: AbortSignal) {
  const found: User[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    found.push(...(await client.get<User[]>('/api/users', { ids: part.join(',') }, signal)));
  }
  return found;
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/** Users by id (`GET /api/users?ids=`), as a directory keyed by id. */
export function useUsers(ids: readonly string[]) {
  const { client } = useAuth();
  const key = sortedUnique(ids);
  const query = useQuery({
    queryKey: queryKeys.users(key),
    queryFn: ({ signal }) => fetchUsers(client, key, signal),
    enabled: key.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const directory: Record<string, User> = {};
  for (const u of query.data ?? []) directory[u.id] = u;
  return directory;
}

/** Username search (`GET /api/users?q=prefix`), for direct messages and the admin screen. */
export function useUserSearch(q: string) {
  const { client } = useAuth();
  const term = q.trim();
  return useQuery({
    queryKey: queryKeys.userSearch(term),
    queryFn: ({ signal }) => client.get<User[]>('/api/users', { q: term }, signal),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Online state of these users (`GET /api/presence?userIds=`), kept current by `presence-changed`. */
export function usePresence(ids: readonly string[]) {
  const { client } = useAuth();
  const key = sortedUnique(ids);
  const query = useQuery({
    queryKey: queryKeys.presence(key),
    queryFn: ({ signal }) =>
      client.get<Presence[]>('/api/presence', { userIds: key.join(',') }, signal),
    enabled: key.length > 0,
    placeholderData: keepPreviousData,
  });
  const byId: Record<string, Presence> = {};
  for (const p of query.data ?? []) byId[p.userId] = p;
  return byId;
}

/** Applies one `presence-changed` event to every cached presence list. */
export function applyPresence(queryClient: QueryClient, change: Presence): void {
  queryClient.setQueriesData<Presence[]>({ queryKey: queryKeys.presenceAll }, (list) =>
    list?.map((p) => (p.userId === change.userId ? { ...p, ...change } : p)),
  );
}

/** Keeps cached presence current; mounted once for the signed-in session. */
export function usePresenceEvents(): void {
  const queryClient = useQueryClient();
  useSocketEvent('presence-changed', (change) => applyPresence(queryClient, change));
}
