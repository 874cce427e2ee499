package io.teamchat.common.events;

import java.util.UUID;

/**
 * Move {@code userId}'s read marker in {@code roomId} forward to {@code messageId}. On the room's partition, so it is
 * ordered with the room's messages. {@code userId} and {@code userIsAdmin} come from the verified token.
 */
public record MarkReadCommand(UUID commandId, UUID userId, UUID roomId, UUID messageId, boolean userIsAdmin) {}
