import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../lib/api-client';
import { errorMessage } from '../../lib/api-error';
import type { ChatSocket } from '../../lib/socket';
import type { Ack, Message, User, UserSummary } from '../../lib/types';
import { fetchMessages, fetchUsers, postMessage } from './api';
import {
  addPending,
  lastStoredId,
  markFailed,
  markPending,
  mergeMessages,
  removeMessage,
  updateMessage,
} from './message-list';
import type { ChatMessage, UserDirectory } from './message-list';

const ACK_TIMEOUT_MS = 15_000;

export interface ChatRoomState {
  messages: ChatMessage[];
  users: UserDirectory;
  loading: boolean;
  loadingOlder: boolean;
  hasMore: boolean;
  error: string | null;
  joinError: string | null;
  send(content: string): void;
  retry(clientMsgId: string): void;
  loadOlder(): void;
}

interface Params {
  roomId: string;
  client: ApiClient;
  socket: ChatSocket | null;
  me: User;
}

function ackError(ack: Ack<object>): string {
  if (ack.ok) return '';
  return ack.error.detail || ack.error.title || 'The message could not be sent.';
}

/** State and actions for one room: history, real-time events, optimistic sending. */
export function useChatRoom({ roomId, client, socket, me }: Params): ChatRoomState {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [users, setUsers] = useState<UserDirectory>({});
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);

  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const requestedUsers = useRef(new Set<string>());

  // Reset and load the newest page whenever the room changes.
  useEffect(() => {
    const ctrl = new AbortController();
    setMessages([]);
    setLoading(true);
    setError(null);
    setJoinError(null);
    setHasMore(false);
    setNextBefore(null);
    fetchMessages(client, roomId, { signal: ctrl.signal })
      .then((page) => {
        setMessages((cur) => mergeMessages(cur, page.items));
        setHasMore(page.hasMore);
        setNextBefore(page.nextBefore);
      })
      .catch((e) => {
        if (!ctrl.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [client, roomId]);

  // Subscribe to the room's events on this socket; re-join and catch up after reconnects.
  useEffect(() => {
    if (!socket) return;
    let active = true;

    const onMessage = (payload: { message: Message; user?: UserSummary }) => {
      if (!payload?.message || payload.message.roomId !== roomId) return;
      if (payload.user) {
        const u = payload.user;
        setUsers((dir) => (dir[u.id] ? dir : { ...dir, [u.id]: u }));
      }
      setMessages((cur) => mergeMessages(cur, [payload.message]));
    };
    const onUpdated = (payload: { message: Message }) => {
      if (payload?.message?.roomId !== roomId) return;
      setMessages((cur) => updateMessage(cur, payload.message));
    };
    const onDeleted = (payload: { messageId: string; roomId: string }) => {
      if (payload?.roomId !== roomId) return;
      setMessages((cur) => removeMessage(cur, payload.messageId));
    };

    const join = () => {
      socket.emit('join-room', { roomId }, (ack: Ack<object>) => {
        if (!active) return;
        if (!ack?.ok) {
          setJoinError(ack ? ackError(ack) : 'Could not subscribe to the room.');
          return;
        }
        setJoinError(null);
        // Catch up on anything stored while we were not subscribed.
        const afterId = lastStoredId(messagesRef.current);
        if (!afterId) return;
        socket.emit(
          'sync',
          { roomId, afterId },
          (res: Ack<{ items: Message[]; hasMore: boolean }>) => {
            if (active && res?.ok) setMessages((cur) => mergeMessages(cur, res.items ?? []));
          },
        );
      });
    };

    socket.on('message-received', onMessage);
    socket.on('message-updated', onUpdated);
    socket.on('message-deleted', onDeleted);
    socket.on('connect', join);
    if (socket.connected) join();

    return () => {
      active = false;
      socket.off('message-received', onMessage);
      socket.off('message-updated', onUpdated);
      socket.off('message-deleted', onDeleted);
      socket.off('connect', join);
      if (socket.connected) socket.emit('leave-room', { roomId });
    };
  }, [socket, roomId]);

  // Resolve usernames of authors we have not seen in an event yet.
  useEffect(() => {
    const missing = new Set<string>();
    for (const m of messages) {
      if (m.userId !== me.id && !users[m.userId] && !requestedUsers.current.has(m.userId)) {
        missing.add(m.userId);
      }
    }
    if (missing.size === 0) return;
    const ids = [...missing];
    ids.forEach((id) => requestedUsers.current.add(id));
    fetchUsers(client, ids)
      .then((list) =>
        setUsers((dir) => {
          const next = { ...dir };
          for (const u of list)
            next[u.id] = { id: u.id, username: u.username, avatarUrl: u.avatarUrl };
          return next;
        }),
      )
      .catch(() => {
        // Names fall back to a short id; allow another attempt later.
        ids.forEach((id) => requestedUsers.current.delete(id));
      });
  }, [client, messages, users, me.id]);

  const deliver = useCallback(
    (content: string, clientMsgId: string) => {
      const confirm = (message: Message) => setMessages((cur) => mergeMessages(cur, [message]));
      const fail = (reason: string) => setMessages((cur) => markFailed(cur, clientMsgId, reason));

      if (socket?.connected) {
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('send-message', { roomId, content, clientMsgId })
          .then((ack: Ack<{ message: Message }>) => {
            if (ack?.ok && ack.message) confirm(ack.message);
            else fail(ack ? ackError(ack) : 'The message could not be sent.');
          })
          .catch(() => fail('No answer from the server. Retry to send again.'));
      } else {
        // No socket: the REST path has the same rules and the same clientMsgId idempotency.
        postMessage(client, roomId, { content, clientMsgId })
          .then(confirm)
          .catch((e) => fail(errorMessage(e)));
      }
    },
    [client, socket, roomId],
  );

  const send = useCallback(
    (content: string) => {
      const clientMsgId = crypto.randomUUID();
      setMessages((cur) => addPending(cur, { roomId, userId: me.id, content, clientMsgId }));
      deliver(content, clientMsgId);
    },
    [deliver, roomId, me.id],
  );

  const retry = useCallback(
    (clientMsgId: string) => {
      const m = messagesRef.current.find(
        (x) => x.clientMsgId === clientMsgId && x.state === 'failed',
      );
      if (!m) return;
      setMessages((cur) => markPending(cur, clientMsgId));
      deliver(m.content, clientMsgId);
    },
    [deliver],
  );

  const loadOlder = useCallback(() => {
    if (!hasMore || loadingOlder || !nextBefore) return;
    setLoadingOlder(true);
    fetchMessages(client, roomId, { before: nextBefore })
      .then((page) => {
        setMessages((cur) => mergeMessages(cur, page.items));
        setHasMore(page.hasMore);
        setNextBefore(page.nextBefore);
      })
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setLoadingOlder(false));
  }, [client, roomId, hasMore, loadingOlder, nextBefore]);

  return {
    messages,
    users,
    loading,
    loadingOlder,
    hasMore,
    error,
    joinError,
    send,
    retry,
    loadOlder,
  };
}
