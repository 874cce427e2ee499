package io.teamchat.common.events;

import java.util.UUID;

/** room-service: {@code user} became a member of {@code roomId}. */
public record MemberJoined(UUID roomId, UserSummary user) {}
