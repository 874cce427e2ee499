import { useMemo } from 'react';
import { tokenGroups } from '../../lib/jwt';
import { useRoomMembers } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Room } from '../../lib/types';
import { useUsers } from '../../lib/users';
import type { MentionCandidates } from './MentionTextarea';

/**
 * The room's other members by name (the member list's cached query), and whether I may use
 * `@room` (owner or administrator; display only: from anyone else the server ignores it).
 */
export function useMentionCandidates(room: Room): MentionCandidates {
  const { client, user } = useAuth();
  const members = useRoomMembers(room.id);
  const ids = useMemo(
    () => (members.data ?? []).map((m) => m.userId).filter((id) => id !== user?.id),
    [members.data, user?.id],
  );
  const users = useUsers(ids);
  const names = ids.map((id) => users[id]?.username).filter((n): n is string => Boolean(n));
  const key = names.join('\n');
  const usernames = useMemo(() => (key ? key.split('\n') : []), [key]);
  const canMentionRoom =
    room.myRole === 'owner' || tokenGroups(client.getAccessToken()).includes('admin');
  return useMemo(() => ({ usernames, canMentionRoom }), [usernames, canMentionRoom]);
}
