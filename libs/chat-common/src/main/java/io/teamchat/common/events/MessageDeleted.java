package io.teamchat.common.events;

import java.util.UUID;

/**
 * message-service: a message was deleted; its content no longer exists anywhere. {@code commandId} is the command
 * that deleted it (its REST caller waits for it), null when nobody waits.
 */
public record MessageDeleted(UUID messageId, UUID roomId, UUID commandId) {

    public MessageDeleted(UUID messageId, UUID roomId) {
        this(messageId, roomId, null);
    }
}
