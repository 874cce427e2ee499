import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from './query-keys';
import type { Room } from './types';

/** Read state shared by the sidebar's live counts (features/readstate) and the open room (features/chat). */
type Counts = Pick<Room, 'lastReadId' | 'unreadCount' | 'mentionCount'>;

/** Changes one room's read state in the "my rooms" cache, which the sidebar shows. */
export function patchReadState(
  queryClient: QueryClient,
  roomId: string,
  change: (room: Room) => Counts,
): void {
  queryClient.setQueryData<Room[]>(queryKeys.myRooms, (rooms) =>
    rooms?.map((r) => (r.id === roomId ? { ...r, ...change(r) } : r)),
  );
}

/** Whether the page is in front of the reader (a hidden tab reads nothing). */
export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
