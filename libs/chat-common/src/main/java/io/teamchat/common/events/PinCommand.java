package io.teamchat.common.events;

import java.util.UUID;

/**
 * {@code message.pin} / {@code message.unpin}, on the partition of {@code roomId} (the message's room).
 * {@code userId} and {@code senderIsAdmin} come from the verified token.
 */
public record PinCommand(UUID commandId, UUID userId, UUID messageId, UUID roomId, boolean senderIsAdmin)
        implements MessageCommand {}
