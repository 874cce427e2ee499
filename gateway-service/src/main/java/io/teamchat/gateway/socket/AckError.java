package io.teamchat.gateway.socket;

import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.Problems;
import io.teamchat.membership.Decision;
import java.util.List;

/**
 * The {@code error} of a failed ack: the same fields as the REST problem details, built by the same factory
 * ({@link Problems}) that builds them.
 */
public record AckError(int status, String title, String detail, List<Problem.FieldError> errors) {

    public static AckError from(Problem problem) {
        return new AckError(problem.status(), problem.title(), problem.detail(), problem.errors());
    }

    public static AckError of(int status, String title, String detail) {
        return from(Problem.of(status, title, detail));
    }

    public static AckError badRequest(String detail) {
        return from(Problems.badRequest(detail));
    }

    public static AckError invalid(List<Problem.FieldError> errors) {
        return from(Problems.invalid(errors));
    }

    public static AckError notFound(String detail) {
        return from(Problems.notFound(detail));
    }

    public static AckError unavailable(String detail) {
        return from(Problems.unavailable(detail));
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
