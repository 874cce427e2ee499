import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../lib/api-error';
import { queryKeys } from '../../lib/query-keys';
import { openDirectRoom, useRoomMembers } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Presence } from '../../lib/types';
import { displayName, usePresence, useUsers } from '../../lib/users';

const lastSeenFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

function presenceText(p: Presence | undefined): string {
  if (!p) return 'offline';
  if (p.isOnline) return p.away ? 'away' : 'online';
  if (p.lastSeen) return `last seen ${lastSeenFormat.format(new Date(p.lastSeen))}`;
  return 'offline';
}

/**
 * The room's members with online dots, away state, status text and last seen; click to message.
 * `onClose` is the way back to the conversation where the list is a view of its own (a phone).
 */
export function UserList({ roomId, onClose }: { roomId: string; onClose?(): void }) {
  const { client, user: me } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useRoomMembers(roomId);
  const ids = members.data?.map((m) => m.userId) ?? [];
  const users = useUsers(ids);
  const presence = usePresence(ids);
  const direct = useMutation({
    mutationFn: (userId: string) => openDirectRoom(client, userId),
    onSuccess: async (room) => {
      // a new direct room is not in my rooms yet: without it the room would open as one to join
      await queryClient.invalidateQueries({ queryKey: queryKeys.myRooms });
      navigate(`/rooms/${encodeURIComponent(room.id)}`);
    },
  });

  const sorted = [...(members.data ?? [])].sort((a, b) => {
    const on =
      Number(presence[b.userId]?.isOnline ?? 0) - Number(presence[a.userId]?.isOnline ?? 0);
    if (on) return on;
    return (users[a.userId]?.username ?? '').localeCompare(users[b.userId]?.username ?? '');
  });

  return (
    <aside className="user-list" aria-labelledby="members-heading" data-testid="user-list">
      {onClose && (
        <button
          type="button"
          className="link phone-only"
          data-testid="close-members"
          onClick={onClose}
        >
          ← Back to the conversation
        </button>
      )}
      <h3 id="members-heading">Members {members.data ? `(${members.data.length})` : ''}</h3>
      {members.isPending && <p className="muted">Loading…</p>}
      {members.error && (
        <p role="alert" className="form-error">
          {errorMessage(members.error)}
        </p>
      )}
      {direct.error && (
        <p role="alert" className="form-error">
          {errorMessage(direct.error)}
        </p>
      )}
      <ul>
        {sorted.map((m) => {
          const p = presence[m.userId];
          const state = p?.isOnline ? (p.away ? 'away' : 'online') : 'offline';
          const name = displayName(users, m.userId);
          return (
            <li key={m.userId} className="member" data-testid="member" data-user-id={m.userId}>
              <span className={`dot dot-${state}`} aria-hidden="true" />
              <span className="member-text">
                {m.userId === me?.id ? (
                  <span className="member-name">{name} (you)</span>
                ) : (
                  <button
                    type="button"
                    className="link member-name"
                    onClick={() => direct.mutate(m.userId)}
                    aria-label={`Message ${name} directly`}
                  >
                    {name}
                  </button>
                )}
                {m.role === 'owner' && <span className="muted small"> owner</span>}
                <span className="muted small member-presence" data-testid="member-presence">
                  {presenceText(p)}
                </span>
                {(p?.status || p?.statusEmoji) && (
                  <span className="small member-status" data-testid="member-status">
                    {[p.statusEmoji, p.status].filter(Boolean).join(' ')}
                  </span>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
