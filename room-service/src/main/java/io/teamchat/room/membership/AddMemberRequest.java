package io.teamchat.room.membership;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** {@code POST /api/rooms/{id}/members} and {@code POST /api/rooms/direct}: the other user. */
public record AddMemberRequest(@NotNull UUID userId) {}
