package io.teamchat.common.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message exactly as the contract shows it to clients, shared by REST views, events and socket payloads
 * (docs/conversation.md). {@code mentions}: the members it mentioned, resolved when it was sent (docs/conversation.md,
 * "Mentions"). {@code attachment}: the file of a {@code file} or {@code image} message, null otherwise
 * (docs/storage.md). {@code parentId}: the thread root of a reply (null for others); {@code replyCount} and
 * {@code lastReplyAt} describe a root's thread; {@code reactions} are counted per emoji in the order each emoji was
 * first used, with {@code me} for the viewer (false in events, which have no viewer); {@code pinned}: pinned in its
 * room, and {@code pinnedBy}: who pinned it (null when it is not pinned), so clients offer Unpin only to those the
 * server lets unpin it.
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
        AttachmentPayload attachment,
        UUID parentId,
        int replyCount,
        Instant lastReplyAt,
        List<Reaction> reactions,
        boolean pinned,
        UUID pinnedBy) {

    public MessagePayload {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A message that mentions nobody, has no attachment, is not in a thread, has no reactions and is not pinned. */
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

    /** A message without an attachment, not in a thread, without reactions and not pinned. */
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

    /** A message that is not in a thread, has no reactions and is not pinned. */
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
            List<UUID> mentions,
            AttachmentPayload attachment) {
        this(
                id,
                roomId,
                userId,
                content,
                type,
                isEdited,
                createdAt,
                updatedAt,
                clientMsgId,
                mentions,
                attachment,
                null,
                0,
                null,
                List.of(),
                false,
                null);
    }

    public MessagePayload withMentions(List<UUID> mentioned) {
        return new MessagePayload(
                id,
                roomId,
                userId,
                content,
                type,
                isEdited,
                createdAt,
                updatedAt,
                clientMsgId,
                mentioned,
                attachment,
                parentId,
                replyCount,
                lastReplyAt,
                reactions,
                pinned,
                pinnedBy);
    }

    public MessagePayload withAttachment(AttachmentPayload file) {
        return new MessagePayload(
                id,
                roomId,
                userId,
                content,
                type,
                isEdited,
                createdAt,
                updatedAt,
                clientMsgId,
                mentions,
                file,
                parentId,
                replyCount,
                lastReplyAt,
                reactions,
                pinned,
                pinnedBy);
    }

    public MessagePayload withReactions(List<Reaction> value) {
        return new MessagePayload(
                id,
                roomId,
                userId,
                content,
                type,
                isEdited,
                createdAt,
                updatedAt,
                clientMsgId,
                mentions,
                attachment,
                parentId,
                replyCount,
                lastReplyAt,
                value,
                pinned,
                pinnedBy);
    }

    /** Pinned by {@code pinner}, or not pinned when it is null. */
    public MessagePayload withPinnedBy(UUID pinner) {
        return new MessagePayload(
                id,
                roomId,
                userId,
                content,
                type,
                isEdited,
                createdAt,
                updatedAt,
                clientMsgId,
                mentions,
                attachment,
                parentId,
                replyCount,
                lastReplyAt,
                reactions,
                pinner != null,
                pinner);
    }

    /** One emoji on a message: how many users reacted with it, and whether the viewer is one of them. */
    public record Reaction(String emoji, int count, boolean me) {}
}
