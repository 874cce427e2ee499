package io.teamchat.common.events;

import java.util.UUID;

/**
 * {@code message.edit}, on the partition of {@code roomId} (the message's room) so the edit is ordered with that
 * room's sends. {@code userId} and {@code senderIsAdmin} come from the verified token; {@code content} is already
 * trimmed and valid (MessageRules), and checked again when applied.
 */
public record EditMessageCommand(
        UUID commandId, UUID userId, UUID messageId, UUID roomId, String content, boolean senderIsAdmin)
        implements MessageCommand {}
