package io.teamchat.common.events;

import java.util.UUID;

/**
 * A message is committed. Published again when a retried command finds it already stored, so readers must
 * de-duplicate by message id; {@code commandId} is null for messages sent over REST.
 */
public record MessageCreated(MessagePayload message, UserSummary user, UUID commandId) {}
