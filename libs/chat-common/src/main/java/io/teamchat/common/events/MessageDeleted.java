package io.teamchat.common.events;

import java.util.UUID;

/** message-service: a message was deleted; its content no longer exists anywhere. */
public record MessageDeleted(UUID messageId, UUID roomId) {}
