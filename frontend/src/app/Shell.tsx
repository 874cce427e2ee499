import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../features/auth';
import { ChatRoom, useSocket } from '../features/chat';
import { RoomsSidebar } from '../features/rooms';
import type { Room, User } from '../lib/types';
import { useHashRoom } from './use-hash-room';

/** The signed-in layout: sidebar with rooms, main pane with the selected room. */
export function Shell({ user }: { user: User }) {
  const { logout } = useAuth();
  const { socket } = useSocket();
  const [roomId, navigate] = useHashRoom();
  const [rooms, setRooms] = useState<Room[]>([]);
  const [reloadKey, setReloadKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const selected = rooms.find((r) => r.id === roomId) ?? null;

  const select = useCallback(
    (room: Room) => {
      setRooms((list) => (list.some((r) => r.id === room.id) ? list : [...list, room]));
      setNotice(null);
      navigate(room.id);
    },
    [navigate],
  );

  // Membership changes pushed by the server.
  useEffect(() => {
    if (!socket) return;
    const gone = (payload: { roomId: string }) => {
      setRooms((list) => list.filter((r) => r.id !== payload?.roomId));
      setReloadKey((k) => k + 1);
      if (payload?.roomId === roomId) {
        setNotice('You no longer have access to that room.');
        navigate(null);
      }
    };
    const updated = (payload: { room: Room }) => {
      if (payload?.room) {
        setRooms((list) =>
          list.map((r) => (r.id === payload.room.id ? { ...r, ...payload.room } : r)),
        );
        setReloadKey((k) => k + 1);
      }
    };
    socket.on('removed-from-room', gone);
    socket.on('room-deleted', gone);
    socket.on('room-updated', updated);
    return () => {
      socket.off('removed-from-room', gone);
      socket.off('room-deleted', gone);
      socket.off('room-updated', updated);
    };
  }, [socket, roomId, navigate]);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Teamchat</span>
        <span className="topbar-user">
          <span className="topbar-label">Signed in as</span>{' '}
          <strong data-testid="current-user">{user.username}</strong>
          <button type="button" data-testid="logout" onClick={() => void logout()}>
            Log out
          </button>
        </span>
      </header>
      <RoomsSidebar
        selectedRoomId={roomId}
        onSelect={select}
        reloadKey={reloadKey}
        onLoaded={setRooms}
      />
      <main className="main-pane">
        {notice && (
          <p role="status" className="banner muted">
            {notice}
          </p>
        )}
        {selected ? (
          <ChatRoom key={selected.id} room={selected} me={user} />
        ) : (
          <div className="empty-state">
            <h2>Welcome, {user.username}</h2>
            <p className="muted">Pick a room on the left, create one, or join a public room.</p>
          </div>
        )}
      </main>
    </div>
  );
}
