package io.teamchat.common.events;

import java.util.UUID;

/**
 * room-service: {@code userId} is no longer a member of {@code roomId}; {@code removed} is true when someone else
 * removed them (a kick), false when they left.
 */
public record MemberLeft(UUID roomId, UUID userId, boolean removed) {}
