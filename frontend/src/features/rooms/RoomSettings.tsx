import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Confirm } from '../../components/Confirm';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { FormOutcome } from '../../components/FormOutcome';
import { PersonSearch } from '../../components/PersonSearch';
import { fieldErrorOf } from '../../lib/api-error';
import { tokenGroups } from '../../lib/jwt';
import { queryKeys } from '../../lib/query-keys';
import { forgetMyRoom, leaveRoom, useRoomMembers } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import type { Member, Room } from '../../lib/types';
import { displayName, useUsers } from '../../lib/users';

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
  const fieldError = (f: string) => fieldErrorOf(save.error, f);
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
      <FormOutcome
        error={save.error}
        fields={['name', 'description']}
        success={save.isSuccess ? 'Saved.' : null}
      />
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
  const memberIds = new Set(members.data?.map((m) => m.userId));

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
      <ErrorAlert error={error} />
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
        <PersonSearch
          label="Add a person by username"
          searchTestId="settings-add-search"
          listLabel="People to add"
          pickTestId="settings-add-member"
          pickLabel={(u) => `Add ${u.username}`}
          offered={(u) => !memberIds.has(u.id)}
          nobody="Nobody else with a name starting with"
          busy={add.isPending}
          onPick={(userId) => add.mutate(userId)}
        />
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
      <ErrorAlert error={error} />
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
        <Confirm
          label="Confirm"
          confirmLabel={confirming === 'leave' ? 'Leave' : 'Delete for everyone'}
          testId={confirming === 'leave' ? 'room-leave-confirm' : 'room-delete-confirm'}
          busy={leave.isPending || remove.isPending}
          onConfirm={() => (confirming === 'leave' ? leave.mutate() : remove.mutate())}
          onCancel={() => setConfirming(null)}
        >
          {confirming === 'leave'
            ? room.isPrivate
              ? `Leave #${room.name}? You need an invitation to come back.`
              : `Leave #${room.name}? You can join it again from the public rooms.`
            : `Delete #${room.name} and every message in it, for everyone? This cannot be undone.`}
        </Confirm>
      )}
    </section>
  );
}
