package io.teamchat.common.events;

import java.util.UUID;

/**
 * message-service: the outcome of a reaction command. {@code changed} is false when the command changed nothing (the
 * reaction was already there, or not there to remove): its REST caller is answered, the room hears nothing. When
 * changed, gateways send {@code reaction-changed {messageId, roomId, emoji, userId, added}} to the room.
 */
public record ReactionChanged(
        UUID messageId, UUID roomId, String emoji, UUID userId, boolean added, boolean changed, UUID commandId) {}
