package io.teamchat.common.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message exactly as the contract shows it to clients, shared by REST views, events and socket payloads.
 * {@code mentions}: the members it mentioned, resolved when it was sent (docs/conversation.md, "Mentions").
 * {@code attachment}: the file of a {@code file} or {@code image} message, null otherwise (docs/storage.md).
 */
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
        List<UUID> mentions,
        AttachmentPayload attachment) {

    public MessagePayload {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A message that mentions nobody and has no attachment. */
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
        this(id, roomId, userId, content, type, isEdited, createdAt, updatedAt, clientMsgId, List.of(), null);
    }

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
            String clientMsgId,
            List<UUID> mentions) {
        this(id, roomId, userId, content, type, isEdited, createdAt, updatedAt, clientMsgId, mentions, null);
    }

    public MessagePayload withMentions(List<UUID> mentioned) {
        return new MessagePayload(
                id, roomId, userId, content, type, isEdited, createdAt, updatedAt, clientMsgId, mentioned, attachment);
    }

    public MessagePayload withAttachment(AttachmentPayload file) {
        return new MessagePayload(
                id, roomId, userId, content, type, isEdited, createdAt, updatedAt, clientMsgId, mentions, file);
    }
}
