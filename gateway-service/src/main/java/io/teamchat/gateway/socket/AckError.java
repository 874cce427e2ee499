package io.teamchat.gateway.socket;

import io.teamchat.common.problem.Problem;
import io.teamchat.membership.Decision;
import java.util.List;

/** The {@code error} of a failed ack: the same fields as the REST problem details. */
public record AckError(int status, String title, String detail, List<Problem.FieldError> errors) {

    public static AckError of(int status, String title, String detail) {
        return new AckError(status, title, detail, null);
    }

    public static AckError badRequest(String detail) {
        return of(400, "Bad Request", detail);
    }

    public static AckError invalid(List<Problem.FieldError> errors) {
        String detail = String.join(
                "; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new AckError(400, "Bad Request", detail, errors);
    }

    public static AckError notFound(String detail) {
        return of(404, "Not Found", detail);
    }

    public static AckError unavailable(String detail) {
        return of(503, "Service Unavailable", detail);
    }

    /** The answer to a socket event whose room check did not allow it (null when it did). */
    public static AckError forDecision(Decision decision) {
        return switch (decision) {
            case ALLOWED -> null;
            case NOT_FOUND -> notFound("Room not found.");
            case FORBIDDEN -> of(403, "Forbidden", "You may not do this in this room.");
        };
    }

    public static AckError unauthorized() {
        return of(401, "Unauthorized", "The access token is no longer valid; reconnect with a new one.");
    }

    public static AckError membershipUnavailable() {
        return unavailable("Room membership cannot be checked right now.");
    }
}
