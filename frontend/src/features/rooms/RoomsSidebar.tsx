import { useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, useNavigate } from 'react-router';
import { LockIcon } from '../../components/icons';
import { errorMessage } from '../../lib/api-error';
import { queryKeys } from '../../lib/query-keys';
import { useRoomNames } from '../../lib/room-names';
import { useMyRooms } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Room } from '../../lib/types';
import { createRoom } from './api';
import { CreateRoomForm } from './CreateRoomForm';
import { DirectMessageDialog } from './DirectMessageDialog';
import { useLiveRooms } from './use-live-rooms';

function UnreadBadges({ room }: { room: Room }) {
  const unread = room.unreadCount ?? 0;
  const mentions = room.mentionCount ?? 0;
  if (!unread && !mentions) return null;
  return (
    <span className="room-badges">
      {mentions > 0 && (
        <span className="badge badge-mention" aria-label={`${mentions} mentions`}>
          @{mentions}
        </span>
      )}
      {unread > 0 && (
        <span className="badge" aria-label={`${unread} unread`}>
          {unread}
        </span>
      )}
    </span>
  );
}

/** My rooms (live), new room, direct messages and a way into the room browser. */
export function RoomsSidebar() {
  const { client } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const rooms = useMyRooms();
  useLiveRooms();

  const channels = rooms.data?.filter((r) => !r.isDirect) ?? [];
  const directs = rooms.data?.filter((r) => r.isDirect) ?? [];
  const names = useRoomNames(directs);

  const roomLink = (room: Room) => (
    <li key={room.id}>
      <NavLink
        to={`/rooms/${encodeURIComponent(room.id)}`}
        className="room-item"
        data-testid="room-item"
        data-room-id={room.id}
      >
        <span aria-hidden="true" className="room-prefix">
          {room.isDirect ? '@' : room.isPrivate ? <LockIcon /> : '#'}
        </span>
        <span className="room-name">{names[room.id] ?? room.name}</span>
        {room.isPrivate && !room.isDirect && <span className="visually-hidden"> (private)</span>}
        <UnreadBadges room={room} />
      </NavLink>
    </li>
  );

  return (
    <nav className="sidebar" aria-label="Rooms">
      <section aria-labelledby="my-rooms-heading">
        <div className="sidebar-heading">
          <h2 id="my-rooms-heading">Your rooms</h2>
          <Link to="/browse" className="link" data-testid="browse-rooms">
            Browse public rooms
          </Link>
        </div>
        {rooms.error && (
          <p role="alert" className="form-error">
            {errorMessage(rooms.error)}{' '}
            <button type="button" className="link" onClick={() => void rooms.refetch()}>
              Retry
            </button>
          </p>
        )}
        {rooms.isPending && <p className="muted">Loading…</p>}
        {rooms.isSuccess && rooms.data.length === 0 && (
          <p className="muted">You are not in any room yet. Create one or browse public rooms.</p>
        )}
        <ul className="room-list" data-testid="room-list">
          {channels.map(roomLink)}
        </ul>
      </section>

      <section aria-labelledby="dm-heading">
        <div className="sidebar-heading">
          <h2 id="dm-heading">Direct messages</h2>
          <DirectMessageDialog />
        </div>
        <ul className="room-list" data-testid="direct-list">
          {directs.map(roomLink)}
        </ul>
      </section>

      <section className="sidebar-create">
        <CreateRoomForm
          onCreate={(input) => createRoom(client, input)}
          onCreated={(room) => {
            queryClient.setQueryData<Room[]>(queryKeys.myRooms, (list) => [
              ...(list ?? []).filter((r) => r.id !== room.id),
              room,
            ]);
            navigate(`/rooms/${encodeURIComponent(room.id)}`);
          }}
        />
      </section>
    </nav>
  );
}
