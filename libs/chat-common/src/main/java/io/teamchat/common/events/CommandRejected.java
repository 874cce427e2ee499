package io.teamchat.common.events;

import io.teamchat.common.problem.Problem;
import java.util.List;
import java.util.UUID;

/**
 * A command was refused; nothing changed. The fields mirror problem details so the ack (socket) or the response
 * (REST sends, which take the same command path) can carry them, field errors included.
 */
public record CommandRejected(
        UUID commandId, UUID userId, int status, String title, String detail, List<Problem.FieldError> errors) {

    public CommandRejected {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public CommandRejected(UUID commandId, UUID userId, int status, String title, String detail) {
        this(commandId, userId, status, title, detail, List.of());
    }
}
