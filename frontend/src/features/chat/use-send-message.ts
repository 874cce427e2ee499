import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { useAuth } from '../../lib/session';
import { useSocket } from '../../lib/socket-context';
import type { Ack, Message, MessageType } from '../../lib/types';
import { addPending, markFailed, markPending } from './message-list';
import type { ChatMessage } from './message-list';
import { addToHistory } from './use-room-history';
import { ackError } from './use-room-subscription';

const ACK_TIMEOUT_MS = 15_000;

export interface Draft {
  content: string;
  type?: MessageType;
  parentId?: string;
  /** The uploaded attachment a `file` or `image` message refers to. */
  attachmentId?: string;
}

/**
 * Optimistic sending: a message shows as pending at once, becomes sent when acknowledged (it then
 * lives in the history cache), or failed with the server's reason; retry reuses its clientMsgId,
 * so the server's idempotency never stores it twice.
 */
export function useSendMessage(roomId: string) {
  const { client, user } = useAuth();
  const { socket } = useSocket();
  const queryClient = useQueryClient();
  const [local, setLocal] = useState<ChatMessage[]>([]);
  const drafts = useRef(new Map<string, Draft>());

  const deliver = useCallback(
    (draft: Draft, clientMsgId: string) => {
      const confirm = (message: Message) => {
        drafts.current.delete(clientMsgId);
        addToHistory(queryClient, roomId, [message]);
        setLocal((cur) => cur.filter((m) => m.clientMsgId !== clientMsgId));
      };
      const fail = (reason: string) => setLocal((cur) => markFailed(cur, clientMsgId, reason));
      const body = { ...draft, clientMsgId };
      if (socket?.connected) {
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('send-message', { roomId, ...body })
          .then((ack: Ack<{ message: Message }>) => {
            if (ack?.ok && ack.message) confirm(ack.message);
            else fail(ackError(ack, 'The message could not be sent.'));
          })
          .catch(() => fail('No answer from the server. Retry to send again.'));
      } else {
        // No socket: the REST path has the same rules and the same clientMsgId idempotency.
        client
          .post<Message>(`/api/rooms/${encodeURIComponent(roomId)}/messages`, body)
          .then(confirm)
          .catch((e) => fail(errorMessage(e)));
      }
    },
    [client, socket, roomId, queryClient],
  );

  const send = useCallback(
    (draft: Draft) => {
      if (!user) return;
      const clientMsgId = crypto.randomUUID();
      drafts.current.set(clientMsgId, draft);
      setLocal((cur) =>
        addPending(cur, { roomId, userId: user.id, content: draft.content, clientMsgId }),
      );
      deliver(draft, clientMsgId);
    },
    [deliver, roomId, user],
  );

  const retry = useCallback(
    (clientMsgId: string) => {
      const draft = drafts.current.get(clientMsgId);
      if (!draft) return;
      setLocal((cur) => markPending(cur, clientMsgId));
      deliver(draft, clientMsgId);
    },
    [deliver],
  );

  return { local, send, retry };
}
