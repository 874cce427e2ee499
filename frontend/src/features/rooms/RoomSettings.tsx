import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ApiError, errorMessage } from '../../lib/api-error';
import { tokenGroups } from '../../lib/jwt';
import { queryKeys } from '../../lib/query-keys';
import { forgetMyRoom, leaveRoom, useRoomMembers } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Member, Room } from '../../lib/types';
import { useDebounced } from '../../lib/use-debounced';
import { displayName, useUsers, useUserSearch } from '../../lib/users';

const roomPath = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

/**
 * "Room settings" in a room's header: rename and describe it, add and remove people, leave it,
 * delete it. What each person may do is the server's rule (owner or admin manage; in a public room
 * any member may add people); the dialog only offers what should be allowed, the server decides.
 */
export function RoomSettings({ room }: { room: Room }) {
  const [open, setOpen] = useState(false);
  if (room.isDirect) return null;
  return (
    <>
      <button
        type="button"
        className="link"
        aria-haspopup="dialog"
        data-testid="room-settings"
        onClick={() => setOpen(true)}
      >
        Settings
      </button>
      {open && (
        <Dialog title={`# ${room.name}: settings`} onClose={() => setOpen(false)}>
          <RoomSettingsBody room={room} />
        </Dialog>
      )}
    </>
  );
}

function RoomSettingsBody({ room }: { room: Room }) {
  const { client } = useAuth();
  const canManage =
    room.myRole === 'owner' || tokenGroups(client.getAccessToken()).includes('admin');
  const canAdd = canManage || !room.isPrivate;
  return (
    <div className="room-settings" data-testid="room-settings-dialog">
      {canManage && <RenameForm room={room} />}
      <People room={room} canManage={canManage} canAdd={canAdd} />
      <LeaveOrDelete room={room} canManage={canManage} />
    </div>
  );
}

function RenameForm({ room }: { room: Room }) {
  const { client } = useAuth();
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState(room.name);
  const [description, setDescription] = useState(room.description ?? '');
  const save = useMutation({
    mutationFn: () =>
      client.patch<Room>(roomPath(room.id), { name: name.trim(), description: description.trim() }),
    onSuccess: (updated) => {
      // room-updated brings it too; this makes the change visible before the event.
      queryClient.setQueryData<Room[]>(queryKeys.myRooms, (rooms) =>
        rooms?.map((r) => (r.id === updated.id ? { ...r, ...updated, myRole: r.myRole } : r)),
      );
    },
  });
  const fieldError = (f: string) =>
    save.error instanceof ApiError ? save.error.fieldError(f) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="dialog-section" aria-labelledby={`${id}-h`} onSubmit={submit} noValidate>
      <h3 id={`${id}-h`}>Name and description</h3>
      <Field
        label="Room name"
        testId="room-settings-name"
        value={name}
        maxLength={80}
        onChange={(e) => setName(e.target.value)}
        error={fieldError('name')}
      />
      <Field
        label="Description"
        testId="room-settings-description"
        value={description}
        maxLength={500}
        onChange={(e) => setDescription(e.target.value)}
        error={fieldError('description')}
      />
      {save.error && !fieldError('name') && !fieldError('description') && (
        <p role="alert" className="form-error">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p role="status" className="muted">
          Saved.
        </p>
      )}
      <button
        type="submit"
        className="primary"
        data-testid="room-settings-save"
        disabled={save.isPending || !name.trim()}
      >
        Save
      </button>
    </form>
  );
}

function People({ room, canManage, canAdd }: { room: Room; canManage: boolean; canAdd: boolean }) {
  const { client, user: me } = useAuth();
  const queryClient = useQueryClient();
  const id = useId();
  const members = useRoomMembers(room.id);
  const users = useUsers(members.data?.map((m) => m.userId) ?? []);
  const [q, setQ] = useState('');
  const term = useDebounced(q);
  const found = useUserSearch(canAdd ? term : '');
  const memberIds = new Set(members.data?.map((m) => m.userId));
  const candidates = found.data?.filter((u) => !memberIds.has(u.id)) ?? [];

  const add = useMutation({
    mutationFn: (userId: string) => client.post<Member>(`${roomPath(room.id)}/members`, { userId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.members(room.id) }),
  });
  const remove = useMutation({
    mutationFn: (userId: string) =>
      client.delete<void>(`${roomPath(room.id)}/members/${encodeURIComponent(userId)}`),
    onSuccess: (_, userId) =>
      queryClient.setQueryData<Member[]>(queryKeys.members(room.id), (list) =>
        list?.filter((m) => m.userId !== userId),
      ),
  });
  const error = add.error ?? remove.error;

  return (
    <section className="dialog-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>People {members.data ? `(${members.data.length})` : ''}</h3>
      {error && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      <ul className="people-list" aria-label="Members">
        {members.data?.map((m) => {
          const name = displayName(users, m.userId);
          return (
            <li
              key={m.userId}
              className="person"
              data-testid="settings-member"
              data-user-id={m.userId}
            >
              <span>
                {name}
                {m.userId === me?.id && ' (you)'}
                {m.role === 'owner' && <span className="tag">owner</span>}
              </span>
              {canManage && m.role !== 'owner' && m.userId !== me?.id && (
                <button
                  type="button"
                  data-testid="settings-remove-member"
                  disabled={remove.isPending && remove.variables === m.userId}
                  onClick={() => remove.mutate(m.userId)}
                >
                  Remove<span className="visually-hidden"> {name} from the room</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canAdd && (
        <>
          <label htmlFor={`${id}-q`}>Add a person by username</label>
          <input
            id={`${id}-q`}
            type="search"
            autoComplete="off"
            data-testid="settings-add-search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <ul className="pick-list" aria-label="People to add">
            {candidates.map((u) => (
              <li key={u.id}>
                <button
                  type="button"
                  data-testid="settings-add-member"
                  disabled={add.isPending}
                  onClick={() => add.mutate(u.id)}
                >
                  Add {u.username}
                </button>
              </li>
            ))}
          </ul>
          {term && found.isSuccess && candidates.length === 0 && (
            <p className="muted">Nobody else with a name starting with “{term}”.</p>
          )}
        </>
      )}
    </section>
  );
}

function LeaveOrDelete({ room, canManage }: { room: Room; canManage: boolean }) {
  const { client } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [confirming, setConfirming] = useState<'leave' | 'delete' | null>(null);
  const closeRoom = (notice: string) => {
    forgetMyRoom(queryClient, room.id);
    navigate('/', { state: { notice } });
  };
  const leave = useMutation({
    mutationFn: () => leaveRoom(client, room.id),
    onSuccess: () => closeRoom(`You left #${room.name}.`),
  });
  const remove = useMutation({
    mutationFn: () => client.delete<void>(roomPath(room.id)),
    onSuccess: () => closeRoom(`#${room.name} was deleted.`),
  });
  const error = leave.error ?? remove.error;
  return (
    <section className="dialog-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Leave or delete</h3>
      {error && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      <div className="admin-user-actions">
        <button
          type="button"
          data-testid="room-leave"
          aria-expanded={confirming === 'leave'}
          onClick={() => setConfirming('leave')}
        >
          Leave room
        </button>
        {canManage && (
          <button
            type="button"
            className="danger"
            data-testid="room-delete"
            aria-expanded={confirming === 'delete'}
            onClick={() => setConfirming('delete')}
          >
            Delete room
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label="Confirm">
          <p>
            {confirming === 'leave'
              ? room.isPrivate
                ? `Leave #${room.name}? You need an invitation to come back.`
                : `Leave #${room.name}? You can join it again from the public rooms.`
              : `Delete #${room.name} and every message in it, for everyone? This cannot be undone.`}
          </p>
          <button
            type="button"
            className="danger"
            data-testid={confirming === 'leave' ? 'room-leave-confirm' : 'room-delete-confirm'}
            disabled={leave.isPending || remove.isPending}
            autoFocus
            onClick={() => (confirming === 'leave' ? leave.mutate() : remove.mutate())}
          >
            {confirming === 'leave' ? 'Leave' : 'Delete for everyone'}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
