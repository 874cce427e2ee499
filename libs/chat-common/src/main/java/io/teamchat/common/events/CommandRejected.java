package io.teamchat.common.events;

import java.util.UUID;

/** A command was refused; nothing changed. The fields mirror problem details so the ack can carry them. */
public record CommandRejected(UUID commandId, UUID userId, int status, String title, String detail) {}
