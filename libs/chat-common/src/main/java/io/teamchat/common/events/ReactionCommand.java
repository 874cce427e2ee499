package io.teamchat.common.events;

import java.util.UUID;

/**
 * {@code reaction.add} / {@code reaction.remove}, on the partition of {@code roomId} (the message's room): the user's
 * reaction {@code emoji} on the message. {@code userId} and {@code senderIsAdmin} come from the verified token.
 */
public record ReactionCommand(
        UUID commandId, UUID userId, UUID messageId, UUID roomId, String emoji, boolean senderIsAdmin)
        implements MessageCommand {}
