import { useQueryClient } from '@tanstack/react-query';
import { useMatch, useNavigate } from 'react-router';
import { queryKeys } from '../../lib/query-keys';
import { forgetMyRoom, knownRoom } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import { useSocketEvent } from '../../lib/socket-context';
import type { Member, Room } from '../../lib/types';

/**
 * Keeps "my rooms" and member lists current from the gateway's events: joined, left, removed,
 * renamed, deleted. Leaves the open room (with a notice) when it is gone.
 */
export function useLiveRooms(): void {
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const navigate = useNavigate();
  // The shell is a parent route: its own params do not include the child's, so match the URL.
  const openRoomId = useMatch('/rooms/:roomId/*')?.params.roomId;

  /**
   * Forgets a room that is gone and leaves it if it is open. The notice names the room, so it reads
   * the same whether this event or the acting device's own REST answer closes the room first.
   */
  const gone = (roomId: string, notice: (room: string) => string) => {
    // Also when this device's own REST answer forgot it first: its handler may still see the room open
    // (the event can come before the navigation re-rendered), and the notice must read the same.
    const room = knownRoom(queryClient, roomId);
    const label = room && !room.isDirect ? `#${room.name}` : 'that room';
    forgetMyRoom(queryClient, roomId);
    queryClient.removeQueries({ queryKey: queryKeys.messages(roomId) });
    queryClient.removeQueries({ queryKey: queryKeys.members(roomId) });
    void queryClient.invalidateQueries({ queryKey: ['rooms', 'discover'] });
    if (roomId === openRoomId) navigate('/', { state: { notice: notice(label) } });
  };

  useSocketEvent('removed-from-room', ({ roomId }) =>
    gone(roomId, (room) => `You were removed from ${room}.`),
  );
  useSocketEvent('room-deleted', ({ roomId }) => gone(roomId, (room) => `${room} was deleted.`));
  useSocketEvent('room-updated', ({ room }) => {
    queryClient.setQueryData<Room[]>(queryKeys.myRooms, (rooms) =>
      rooms?.map((r) => (r.id === room.id ? { ...r, ...room, myRole: r.myRole } : r)),
    );
  });
  useSocketEvent('user-joined', ({ user: joined, roomId }) => {
    if (joined.id === user?.id) {
      // Added to a room (from another device or by its owner): reload my rooms.
      void queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      return;
    }
    queryClient.setQueryData<Member[]>(queryKeys.members(roomId), (members) =>
      !members || members.some((m) => m.userId === joined.id)
        ? members
        : [...members, { userId: joined.id, role: 'member', joinedAt: new Date().toISOString() }],
    );
    bumpMemberCount(roomId, +1);
  });
  useSocketEvent('user-left', ({ userId, roomId }) => {
    if (userId === user?.id) {
      gone(roomId, (room) => `You left ${room}.`);
      return;
    }
    queryClient.setQueryData<Member[]>(queryKeys.members(roomId), (members) =>
      members?.filter((m) => m.userId !== userId),
    );
    bumpMemberCount(roomId, -1);
  });

  function bumpMemberCount(roomId: string, delta: number) {
    queryClient.setQueryData<Room[]>(queryKeys.myRooms, (rooms) =>
      rooms?.map((r) =>
        r.id === roomId ? { ...r, memberCount: Math.max(0, r.memberCount + delta) } : r,
      ),
    );
  }
}
