import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useMatch, useParams, useSearchParams } from 'react-router';
import { LockIcon } from '../../components/icons';
import { errorMessage } from '../../lib/api-error';
import { tokenGroups } from '../../lib/jwt';
import { isPhoneScreen } from '../../lib/media';
import { isUnsupported } from '../../lib/query-client';
import { queryKeys } from '../../lib/query-keys';
import { useRoomName } from '../../lib/room-names';
import { joinRoom, useRoom } from '../../lib/rooms-api';
import { useAuth } from '../../lib/session';
import { useSocket } from '../../lib/socket-context';
import type { Message, Room, User } from '../../lib/types';
import { useUsers } from '../../lib/users';
import { Composer } from './Composer';
import { lastStoredId, mergeMessages } from './message-list';
import { MessageList } from './MessageList';
import { PinnedPanel } from './PinnedPanel';
import { mayUnpin } from './pins';
import { ThreadPanel } from './ThreadPanel';
import { useMarkRead } from './use-mark-read';
import { useAttachments } from './use-attachments';
import { useMentionCandidates } from './use-mention-candidates';
import { applyToPins } from './use-pins';
import {
  historyItems,
  removeFromHistory,
  replaceInHistory,
  useRoomHistory,
} from './use-room-history';
import { useRoomSubscription } from './use-room-subscription';
import { useSendMessage } from './use-send-message';
import { typingText, useTyping } from './use-typing';
import { UserList } from './UserList';

/** Which side panel a room's route opens: a thread, the pinned messages, or none. */
export type RoomPanel = { kind: 'thread'; rootId: string } | { kind: 'pins' } | null;

/** What the app adds to a room's header (room settings: another feature's, composed by the app). */
export type RoomHeaderActions = (room: Room) => ReactNode;

/**
 * The route `#/rooms/:roomId` (and `/thread/:messageId`, `/pins`): the room, or a way to join it.
 */
export function ChatRoute({ headerActions }: { headerActions?: RoomHeaderActions }) {
  const { roomId = '', messageId } = useParams();
  const pinsOpen = useMatch('/rooms/:roomId/pins') !== null;
  const { client, user } = useAuth();
  const queryClient = useQueryClient();
  const { room, isMember, isLoading, error } = useRoom(roomId);
  const join = useMutation({
    mutationFn: () => joinRoom(client, roomId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.myRooms }),
  });
  if (isLoading) return <p className="muted banner">Loading room…</p>;
  if (!room || !user) {
    return (
      <p role="alert" className="form-error banner">
        {error ? errorMessage(error) : 'That room does not exist or is not visible to you.'}{' '}
        <Link to="/">Back</Link>
      </p>
    );
  }
  if (!isMember) {
    return (
      <section className="empty-state">
        <h2># {room.name}</h2>
        {room.description && <p className="muted">{room.description}</p>}
        <button
          type="button"
          className="primary"
          onClick={() => join.mutate()}
          disabled={join.isPending}
        >
          Join this room
        </button>
        {join.error && (
          <p role="alert" className="form-error">
            {errorMessage(join.error)}
          </p>
        )}
      </section>
    );
  }
  const panel: RoomPanel = messageId
    ? { kind: 'thread', rootId: messageId }
    : pinsOpen
      ? { kind: 'pins' }
      : null;
  return (
    <ChatRoom key={room.id} room={room} me={user} panel={panel} headerActions={headerActions} />
  );
}

/**
 * One room: header, history + live messages, composer, and a side panel (members, a thread or the
 * pinned messages). Mount with `key={room.id}`.
 */
export function ChatRoom({
  room,
  me,
  panel,
  headerActions,
}: {
  room: Room;
  me: User;
  panel: RoomPanel;
  headerActions?: RoomHeaderActions;
}) {
  const { client } = useAuth();
  const queryClient = useQueryClient();
  const { connected } = useSocket();
  const [params] = useSearchParams();
  const focusId = params.get('focus');
  // On a phone the member list is a view of its own, opened from the header (styles.css).
  const [showMembers, setShowMembers] = useState(() => !isPhoneScreen());
  const name = useRoomName(room);
  // Owners and administrators delete and unpin anything (the server's MANAGE and DELETE_ANY).
  const canModerate =
    room.myRole === 'owner' || tokenGroups(client.getAccessToken()).includes('admin');

  const history = useRoomHistory(room.id);
  const stored = useMemo(() => historyItems(history.data), [history.data]);
  const { local, send, retry } = useSendMessage(room.id);
  const messages = useMemo(() => mergeMessages(local, stored), [local, stored]);
  const newestStoredId = lastStoredId(messages);
  const joinError = useRoomSubscription(room.id, newestStoredId);
  useMarkRead(room, newestStoredId);
  // The read marker as it was when the room opened: "New messages" stays put while I read on.
  const [unread] = useState(() =>
    (room.unreadCount ?? 0) > 0 ? { afterId: room.lastReadId ?? null, myId: me.id } : null,
  );
  const { typingUserIds, typed, stopTyping } = useTyping(room.id);
  const attachments = useAttachments(room.id, send);
  const mentions = useMentionCandidates(room);

  const authorIds = useMemo(
    () => [...new Set([...messages.map((m) => m.userId), ...typingUserIds])],
    [messages, typingUserIds],
  );
  const users = useUsers(authorIds);
  const typing = typingText(typingUserIds.map((id) => users[id]?.username ?? 'Someone'));

  // Edit and delete turn themselves off once the server answers that it has no such endpoint.
  const [editable, setEditable] = useState({ edit: true, delete: true });
  const actions = useMemo(() => {
    const unsupported = (kind: 'edit' | 'delete', e: unknown) => {
      if (!isUnsupported(e)) return e;
      setEditable((s) => ({ ...s, [kind]: false }));
      return new Error(
        `This server does not support ${kind === 'edit' ? 'editing' : 'deleting'} messages.`,
      );
    };
    const messagePath = (messageId: string) => `/api/messages/${encodeURIComponent(messageId)}`;
    return {
      onRetry: retry,
      // The room's events bring the change to every reader, this one included (reaction-changed,
      // message-updated), so the answers need no handling here.
      onReact: async (messageId: string, emoji: string, add: boolean) => {
        const path = `${messagePath(messageId)}/reactions/${encodeURIComponent(emoji)}`;
        await (add ? client.put<void>(path) : client.delete<void>(path));
      },
      onPin: async (messageId: string, pin: boolean) => {
        const path = `${messagePath(messageId)}/pin`;
        const updated = await (pin ? client.put<Message>(path) : client.delete<Message>(path));
        if (updated?.id) {
          replaceInHistory(queryClient, updated);
          applyToPins(queryClient, updated);
        }
      },
      threadHref: (messageId: string) =>
        `/rooms/${encodeURIComponent(room.id)}/thread/${encodeURIComponent(messageId)}`,
      onEdit: editable.edit
        ? async (messageId: string, content: string) => {
            try {
              const updated = await client.patch<Message>(
                `/api/messages/${encodeURIComponent(messageId)}`,
                { content },
              );
              if (updated?.id) replaceInHistory(queryClient, updated);
            } catch (e) {
              throw unsupported('edit', e);
            }
          }
        : undefined,
      onDelete: editable.delete
        ? async (messageId: string) => {
            try {
              await client.delete<void>(`/api/messages/${encodeURIComponent(messageId)}`);
              removeFromHistory(queryClient, room.id, messageId);
            } catch (e) {
              throw unsupported('delete', e);
            }
          }
        : undefined,
    };
  }, [client, queryClient, retry, room.id, editable]);
  const loadOlder = useCallback(() => void history.fetchNextPage(), [history]);

  return (
    <div className={showMembers && !panel ? 'chat-layout with-members' : 'chat-layout'}>
      <section className="chat" aria-labelledby="chat-heading">
        <header className="chat-header">
          <Link to="/" className="back-link" aria-label="Back to rooms">
            ←
          </Link>
          <h2 id="chat-heading">
            <span aria-hidden="true">
              {room.isDirect ? '@ ' : room.isPrivate ? <LockIcon /> : '# '}
            </span>
            {name}
          </h2>
          {room.description && <p className="muted room-description">{room.description}</p>}
          <span
            className={connected ? 'conn conn-on' : 'conn conn-off'}
            data-testid="connection-state"
            role="status"
          >
            {connected ? 'Live' : 'Reconnecting…'}
          </span>
          <Link
            to={`/search?room=${encodeURIComponent(room.id)}`}
            className="link"
            data-testid="search-room"
          >
            Search
          </Link>
          <Link
            to={
              panel?.kind === 'pins'
                ? `/rooms/${encodeURIComponent(room.id)}`
                : `/rooms/${encodeURIComponent(room.id)}/pins`
            }
            className="link"
            data-testid="open-pins"
            aria-current={panel?.kind === 'pins' ? 'page' : undefined}
          >
            Pinned
          </Link>
          <button
            type="button"
            className="link"
            aria-pressed={showMembers}
            data-testid="toggle-members"
            onClick={() => setShowMembers((s) => !s)}
          >
            Members
          </button>
          {headerActions?.(room)}
        </header>
        {history.error && (
          <p role="alert" className="form-error banner">
            {errorMessage(history.error)}
          </p>
        )}
        {joinError && (
          <p role="alert" className="form-error banner">
            Live updates unavailable: {joinError}
          </p>
        )}
        {history.isPending && <p className="muted banner">Loading messages…</p>}
        <MessageList
          messages={messages}
          users={users}
          me={{ id: me.id, username: me.username, avatarUrl: me.avatarUrl }}
          canModerate={canModerate}
          hasMore={history.hasNextPage}
          loadingOlder={history.isFetchingNextPage}
          onLoadOlder={loadOlder}
          actions={actions}
          focusId={focusId}
          unread={unread}
          emptyText={
            history.isPending || history.error
              ? undefined
              : 'No messages yet. Say hello to the room!'
          }
        />
        <p className="typing-line muted small" aria-live="polite" data-testid="typing-line">
          {typing}
        </p>
        {attachments.uploads.length > 0 && (
          <ul className="uploads" aria-label="Uploads">
            {attachments.uploads.map((u) => (
              <li key={u.key} data-testid="upload">
                <span>{u.name}</span>{' '}
                {u.error ? (
                  <span role="alert" className="form-error">
                    {u.error}
                  </span>
                ) : (
                  <progress value={u.progress} max={1} aria-label={`Uploading ${u.name}`} />
                )}{' '}
                <button type="button" className="link" onClick={u.cancel}>
                  {u.error ? 'Dismiss' : 'Cancel'}
                </button>
              </li>
            ))}
          </ul>
        )}
        <Composer
          roomName={name}
          onSend={(content) => send({ content })}
          onTyped={typed}
          onStopTyping={stopTyping}
          onFiles={attachments.upload}
          mentions={mentions}
        />
      </section>
      {panel?.kind === 'thread' && (
        <ThreadPanel
          key={panel.rootId}
          roomId={room.id}
          rootId={panel.rootId}
          root={stored.find((m) => m.id === panel.rootId)}
          mentions={mentions}
          onReply={(content) => send({ content, parentId: panel.rootId })}
        />
      )}
      {panel?.kind === 'pins' && (
        <PinnedPanel
          roomId={room.id}
          focusId={focusId}
          canUnpin={(m) => mayUnpin(m, me.id, canModerate)}
          onUnpin={(messageId) => actions.onPin(messageId, false)}
        />
      )}
      {showMembers && !panel && <UserList roomId={room.id} onClose={() => setShowMembers(false)} />}
    </div>
  );
}
