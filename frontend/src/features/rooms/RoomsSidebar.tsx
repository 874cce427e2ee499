import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth';
import { errorMessage } from '../../lib/api-error';
import type { Room } from '../../lib/types';
import { createRoom, fetchDiscoverableRooms, fetchMyRooms, joinRoom } from './api';
import { CreateRoomForm } from './CreateRoomForm';

interface RoomsSidebarProps {
  selectedRoomId: string | null;
  onSelect(room: Room): void;
  /** Bumped by the parent to force a reload (e.g. after being removed from a room). */
  reloadKey?: number;
  /** Called with my rooms after each successful load. */
  onLoaded?(rooms: Room[]): void;
}

export function RoomsSidebar({
  selectedRoomId,
  onSelect,
  reloadKey = 0,
  onLoaded,
}: RoomsSidebarProps) {
  const { client } = useAuth();
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [discover, setDiscover] = useState<Room[] | null>(null);
  const [discoverError, setDiscoverError] = useState<string | null>(null);
  const [joining, setJoining] = useState<string | null>(null);

  const loadMine = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const list = await fetchMyRooms(client, signal);
        setRooms(list);
        setError(null);
        onLoaded?.(list);
        return list;
      } catch (e) {
        if (signal?.aborted) return null;
        setError(errorMessage(e));
        return null;
      }
    },
    [client, onLoaded],
  );

  const loadDiscover = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setDiscover(await fetchDiscoverableRooms(client, undefined, signal));
        setDiscoverError(null);
      } catch (e) {
        if (!signal?.aborted) setDiscoverError(errorMessage(e));
      }
    },
    [client],
  );

  useEffect(() => {
    const ctrl = new AbortController();
    void loadMine(ctrl.signal);
    return () => ctrl.abort();
  }, [loadMine, reloadKey]);

  useEffect(() => {
    const ctrl = new AbortController();
    void loadDiscover(ctrl.signal);
    return () => ctrl.abort();
  }, [loadDiscover, reloadKey]);

  async function handleJoin(room: Room) {
    setJoining(room.id);
    setDiscoverError(null);
    try {
      await joinRoom(client, room.id);
      // The join response body is not relied on; my room list is the source of truth.
      const mine = await loadMine();
      setDiscover((list) => list?.filter((r) => r.id !== room.id) ?? null);
      onSelect(mine?.find((r) => r.id === room.id) ?? { ...room, myRole: 'member' });
    } catch (e) {
      setDiscoverError(errorMessage(e));
    } finally {
      setJoining(null);
    }
  }

  const myIds = new Set(rooms?.map((r) => r.id));
  const joinable = discover?.filter((r) => !myIds.has(r.id)) ?? null;

  return (
    <nav className="sidebar" aria-label="Rooms">
      <section aria-labelledby="my-rooms-heading">
        <h2 id="my-rooms-heading">Your rooms</h2>
        {error && (
          <p role="alert" className="form-error">
            {error}{' '}
            <button type="button" className="link" onClick={() => void loadMine()}>
              Retry
            </button>
          </p>
        )}
        {rooms === null && !error && <p className="muted">Loading…</p>}
        {rooms !== null && rooms.length === 0 && (
          <p className="muted">You are not in any room yet. Create one or discover public rooms.</p>
        )}
        <ul className="room-list" data-testid="room-list">
          {rooms?.map((room) => (
            <li key={room.id}>
              <button
                type="button"
                className="room-item"
                data-testid="room-item"
                data-room-id={room.id}
                aria-current={room.id === selectedRoomId ? 'page' : undefined}
                onClick={() => onSelect(room)}
              >
                <span aria-hidden="true" className="room-prefix">
                  {room.isPrivate ? '🔒' : '#'}
                </span>
                <span className="room-name">{room.name}</span>
                {room.isPrivate && <span className="visually-hidden"> (private)</span>}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <section className="sidebar-create">
        <CreateRoomForm
          onCreate={(input) => createRoom(client, input)}
          onCreated={(room) => {
            setRooms((list) => (list ? [...list.filter((r) => r.id !== room.id), room] : [room]));
            onSelect(room);
          }}
        />
      </section>

      <section aria-labelledby="discover-heading">
        <div className="sidebar-heading">
          <h2 id="discover-heading">Public rooms</h2>
          <button
            type="button"
            className="link"
            data-testid="refresh-discover"
            onClick={() => void loadDiscover()}
          >
            Refresh
          </button>
        </div>
        {discoverError && (
          <p role="alert" className="form-error">
            {discoverError}
          </p>
        )}
        {discover === null && !discoverError && <p className="muted">Loading…</p>}
        {joinable !== null && joinable.length === 0 && (
          <p className="muted">No other public rooms.</p>
        )}
        <ul className="room-list">
          {joinable?.map((room) => (
            <li
              key={room.id}
              className="discover-room"
              data-testid="discover-room"
              data-room-id={room.id}
            >
              <div>
                <span className="room-name" title={room.name}>
                  # {room.name}
                </span>
                {room.description && <p className="muted small">{room.description}</p>}
                <p className="muted small">
                  {room.memberCount} member{room.memberCount === 1 ? '' : 's'}
                </p>
              </div>
              <button
                type="button"
                data-testid="join-room"
                disabled={joining === room.id}
                onClick={() => void handleJoin(room)}
                aria-label={`Join ${room.name}`}
              >
                {joining === room.id ? 'Joining…' : 'Join'}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </nav>
  );
}
