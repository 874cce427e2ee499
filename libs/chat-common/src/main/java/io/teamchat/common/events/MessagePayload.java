package io.teamchat.common.events;

import java.time.Instant;
import java.util.UUID;

/** A message exactly as the contract shows it to clients, shared by REST views, events and socket payloads. */
public record MessagePayload(
        UUID id,
        UUID roomId,
        UUID userId,
        String content,
        String type,
        boolean isEdited,
        Instant createdAt,
        Instant updatedAt,
        String clientMsgId,
        AttachmentPayload attachment) {

    /** A message without an attachment. */
    public MessagePayload(
            UUID id,
            UUID roomId,
            UUID userId,
            String content,
            String type,
            boolean isEdited,
            Instant createdAt,
            Instant updatedAt,
            String clientMsgId) {
        this(id, roomId, userId, content, type, isEdited, createdAt, updatedAt, clientMsgId, null);
    }

    public MessagePayload withAttachment(AttachmentPayload file) {
        return new MessagePayload(id, roomId, userId, content, type, isEdited, createdAt, updatedAt, clientMsgId, file);
    }
}
