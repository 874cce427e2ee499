package io.teamchat.common.events;

import java.util.UUID;

/**
 * gateway -> message-service. {@code userId} and {@code username} come from the verified token on the socket,
 * never from the client's payload, and so does {@code senderIsAdmin} (the token's {@code admin} group), which
 * message-service needs for its own membership check (admins may post anywhere). {@code commandId} lets the gateway
 * match the outcome to the sender's ack. {@code parentId}: the message replied to (a thread), or null.
 */
public record SendMessageCommand(
        UUID commandId,
        UUID userId,
        String username,
        UUID roomId,
        String content,
        String type,
        String clientMsgId,
        boolean senderIsAdmin,
        UUID parentId) {

    /** A message that is not a reply. */
    public SendMessageCommand(
            UUID commandId,
            UUID userId,
            String username,
            UUID roomId,
            String content,
            String type,
            String clientMsgId,
            boolean senderIsAdmin) {
        this(commandId, userId, username, roomId, content, type, clientMsgId, senderIsAdmin, null);
    }
}
