import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { room } from '../test/msw';
import { queryKeys } from './query-keys';
import { forgetMyRoom, knownRoom } from './rooms-api';
import type { Room } from './types';

describe('forgetMyRoom', () => {
  it('a GET /api/rooms answered before the leave does not bring the room back', async () => {
    const r1 = room('r1', 'left');
    const r2 = room('r2', 'kept');
    // the server's answers in order: the first load, one in flight while I leave r1, the next after it
    const answers: Array<(rooms: Room[]) => void> = [];
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const observer = new QueryObserver<Room[]>(queryClient, {
      queryKey: queryKeys.myRooms,
      queryFn: () => new Promise<Room[]>((resolve) => answers.push(resolve)),
    });
    const seen: Array<string[] | undefined> = [];
    const unsubscribe = observer.subscribe((r) => seen.push(r.data?.map((x) => x.id)));
    await expect.poll(() => answers.length).toBe(1);
    answers[0]?.([r1, r2]);
    await expect.poll(() => queryClient.getQueryData<Room[]>(queryKeys.myRooms)?.length).toBe(2);

    void queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
    await expect.poll(() => answers.length).toBe(2);
    forgetMyRoom(queryClient, 'r1');
    answers[1]?.([r1, r2]); // the stale answer of the request in flight
    await expect.poll(() => answers.length).toBe(3);
    answers[2]?.([r2]);
    await expect.poll(() => queryClient.isFetching()).toBe(0);

    expect(queryClient.getQueryData<Room[]>(queryKeys.myRooms)?.map((r) => r.id)).toEqual(['r2']);
    const afterForget = seen.slice(seen.findIndex((ids) => ids?.join() === 'r2'));
    expect(afterForget.every((ids) => ids?.join() === 'r2')).toBe(true);
    unsubscribe();
  });
});

describe('knownRoom', () => {
  it('still names a room forgotten a moment ago (the REST answer came before the socket event)', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<Room[]>(queryKeys.myRooms, [room('r1', 'news'), room('r2', 'kept')]);
    expect(knownRoom(queryClient, 'r1')?.name).toBe('news');
    forgetMyRoom(queryClient, 'r1');
    expect(queryClient.getQueryData<Room[]>(queryKeys.myRooms)?.map((r) => r.id)).toEqual(['r2']);
    expect(knownRoom(queryClient, 'r1')?.name).toBe('news');
    expect(knownRoom(queryClient, 'r3')).toBeUndefined();
  });
});
