package io.teamchat.common.events;

import java.time.Instant;
import java.util.UUID;

/** A message exactly as the contract shows it to clients, shared by REST views, events and socket payloads. */
public record MessagePayload(
        UUID id,
        UUID roomId,
        UUID userId,
        String content,
        String type,
        boolean isEdited,
        Instant createdAt,
        Instant updatedAt,
        String clientMsgId) {}
