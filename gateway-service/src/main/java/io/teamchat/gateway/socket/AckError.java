package io.teamchat.gateway.socket;

import io.teamchat.common.problem.Problem;
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

    public static AckError membershipUnavailable() {
        return unavailable("Room membership cannot be checked right now.");
    }
}
