import { useAuth } from '../auth';
import type { Room, User } from '../../lib/types';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { useSocket } from './socket-context';
import { useChatRoom } from './use-chat-room';

interface ChatRoomProps {
  room: Room;
  me: User;
}

/** One room: header, history + live messages, composer. Mount with `key={room.id}`. */
export function ChatRoom({ room, me }: ChatRoomProps) {
  const { client } = useAuth();
  const { socket, connected } = useSocket();
  const chat = useChatRoom({ roomId: room.id, client, socket, me });

  return (
    <section className="chat" aria-labelledby="chat-heading">
      <header className="chat-header">
        <h2 id="chat-heading">
          <span aria-hidden="true">{room.isPrivate ? '🔒 ' : '# '}</span>
          {room.name}
        </h2>
        {room.description && <p className="muted">{room.description}</p>}
        <span
          className={connected ? 'conn conn-on' : 'conn conn-off'}
          data-testid="connection-state"
          role="status"
        >
          {connected ? 'Live' : 'Reconnecting…'}
        </span>
      </header>
      {chat.error && (
        <p role="alert" className="form-error banner">
          {chat.error}
        </p>
      )}
      {chat.joinError && (
        <p role="alert" className="form-error banner">
          Live updates unavailable: {chat.joinError}
        </p>
      )}
      {chat.loading && <p className="muted banner">Loading messages…</p>}
      <MessageList
        messages={chat.messages}
        users={chat.users}
        me={{ id: me.id, username: me.username, avatarUrl: me.avatarUrl }}
        hasMore={chat.hasMore}
        loadingOlder={chat.loadingOlder}
        onLoadOlder={chat.loadOlder}
        onRetry={chat.retry}
        emptyText={
          chat.loading || chat.error ? undefined : 'No messages yet. Say hello to the room!'
        }
      />
      <Composer roomName={room.name} onSend={chat.send} />
    </section>
  );
}
