package io.teamchat.common.events;

import java.util.UUID;

/**
 * {@code message.delete}, on the partition of {@code roomId} (the message's room) so the delete is ordered with that
 * room's sends. {@code userId} and {@code senderIsAdmin} come from the verified token.
 */
public record DeleteMessageCommand(UUID commandId, UUID userId, UUID messageId, UUID roomId, boolean senderIsAdmin)
        implements MessageCommand {}
