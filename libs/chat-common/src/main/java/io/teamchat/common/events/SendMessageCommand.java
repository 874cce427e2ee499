package io.teamchat.common.events;

import java.util.List;
import java.util.UUID;

/**
 * gateway -> message-service. {@code userId} and {@code username} come from the verified token on the socket,
 * never from the client's payload, and so does {@code senderIsAdmin} (the token's {@code admin} group), which
 * message-service needs for its own membership check (admins may post anywhere). {@code commandId} lets the gateway
 * match the outcome to the sender's ack. {@code mentionCandidates}: the users the content's {@code @username}s name,
 * looked up by the writer with the sender's token; message-service keeps only those who are members of the room when
 * it applies the command (docs/conversation.md, "Mentions"). {@code attachmentId} names the sender's own upload for a
 * {@code file} or {@code image} message (message-service checks that it is theirs, in this room, and not attached
 * yet; docs/storage.md). {@code parentId}: the message replied to (a thread), or null.
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
        List<UUID> mentionCandidates,
        UUID attachmentId,
        UUID parentId) {

    public SendMessageCommand {
        mentionCandidates = mentionCandidates == null ? List.of() : List.copyOf(mentionCandidates);
    }

    /** A send without an attachment that is not a reply. */
    public SendMessageCommand(
            UUID commandId,
            UUID userId,
            String username,
            UUID roomId,
            String content,
            String type,
            String clientMsgId,
            boolean senderIsAdmin,
            List<UUID> mentionCandidates) {
        this(
                commandId,
                userId,
                username,
                roomId,
                content,
                type,
                clientMsgId,
                senderIsAdmin,
                mentionCandidates,
                null,
                null);
    }
}
