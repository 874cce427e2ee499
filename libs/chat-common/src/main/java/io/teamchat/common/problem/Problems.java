package io.teamchat.common.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The one factory of errors. REST answers ({@link ProblemException}) and socket acks (the gateway's
 * {@code AckError}) are built from these, so a rule refused on either path reads the same.
 */
public final class Problems {

    private Problems() {}

    /** A problem whose title is the status' reason phrase. */
    public static Problem of(int status, String detail) {
        return Problem.of(status, title(status), detail);
    }

    /** 400 naming the invalid fields, like a failed bean validation. */
    public static Problem invalid(List<Problem.FieldError> errors) {
        String detail = String.join(
                "; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new Problem("about:blank", title(400), 400, detail, null, List.copyOf(errors));
    }

    public static Problem invalidField(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    /** 409 about one field (e.g. a username that is taken). */
    public static Problem conflictOnField(String field, String message) {
        return new Problem(
                "about:blank",
                title(409),
                409,
                field + ": " + message,
                null,
                List.of(new Problem.FieldError(field, message)));
    }

    public static Problem badRequest(String detail) {
        return of(400, detail);
    }

    public static Problem unauthorized(String detail) {
        return of(401, detail);
    }

    public static Problem forbidden(String detail) {
        return of(403, detail);
    }

    public static Problem notFound(String detail) {
        return of(404, detail);
    }

    public static Problem conflict(String detail) {
        return of(409, detail);
    }

    public static Problem tooLarge(String detail) {
        return of(413, detail);
    }

    public static Problem tooManyRequests(String detail) {
        return of(429, detail);
    }

    public static Problem unavailable(String detail) {
        return of(503, detail);
    }

    /** RFC 9110 reason phrases; 413 uses its current name "Content Too Large". */
    static String title(int status) {
        if (status == 413) {
            return "Content Too Large";
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
