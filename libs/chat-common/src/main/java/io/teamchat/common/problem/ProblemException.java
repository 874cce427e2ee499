package io.teamchat.common.problem;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/** Thrown by use cases to end a request with a problem-details response; carries no stack trace. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    private ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    /** 400 naming the invalid fields, like a failed bean validation. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = String.join(
                "; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        return new ProblemException(400, "Bad Request", detail, List.copyOf(errors));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }

    public static ProblemException of(Status status, String detail) {
        return new ProblemException(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** 400 about one field, for rules Bean Validation cannot see (e.g. a wrong current password). */
    public static ProblemException invalidField(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    /** 409 about one field (e.g. a username that is taken). */
    public static ProblemException conflictOnField(String field, String message) {
        return new ProblemException(
                409, "Conflict", field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public List<Problem.FieldError> errors() {
        return errors == null ? List.of() : errors;
    }

    public Problem toProblem() {
        return new Problem("about:blank", title, status, getMessage(), null, errors);
    }
}
