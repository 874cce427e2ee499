package io.teamchat.common.events;

import java.util.UUID;

/** The public face of a user as events and socket payloads show it. */
public record UserSummary(UUID id, String username, String avatarUrl) {}
