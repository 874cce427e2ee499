package io.teamchat.common.events;

import java.util.UUID;

/**
 * message-service: a message changed; {@code message} is the stored state after the change. {@code commandId} is
 * the command that changed it (its REST caller waits for it), null when nobody waits.
 */
public record MessageUpdated(MessagePayload message, UUID commandId) {

    public MessageUpdated(MessagePayload message) {
        this(message, null);
    }
}
