package io.teamchat.common.problem;

import jakarta.ws.rs.core.Response.Status;
import java.util.List;

/**
 * Thrown by use cases to end a request with a problem-details response; carries no stack trace. The problems
 * come from {@link Problems}, the factory the socket acks use too.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    /** Seconds for a {@code Retry-After} header (429, 503), or 0 for none. */
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemException(int status, String title, String detail) {
        this(Problem.of(status, title, detail));
    }

    /** 400 naming the invalid fields, like a failed bean validation. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problems.invalid(errors));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problems.notFound(detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problems.forbidden(detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problems.conflict(detail));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problems.badRequest(detail));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Problems.unauthorized(detail));
    }

    public static ProblemException of(Status status, String detail) {
        return new ProblemException(Problems.of(status.getStatusCode(), detail));
    }

    /** 400 about one field, for rules Bean Validation cannot see (e.g. a wrong current password). */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(Problems.invalidField(field, message));
    }

    /** 409 about one field (e.g. a username that is taken). */
    public static ProblemException conflictOnField(String field, String message) {
        return new ProblemException(Problems.conflictOnField(field, message));
    }

    /** 429 with {@code Retry-After} (at least 1 s). */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(Problems.tooManyRequests(detail), Math.max(1, retryAfterSeconds));
    }

    /** 503 with {@code Retry-After} (at least 1 s): a dependency is overloaded or down, the request may succeed later. */
    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(Problem.of(503, "Service Unavailable", detail), Math.max(1, retryAfterSeconds));
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return problem.status();
    }

    public String title() {
        return problem.title();
    }

    public List<Problem.FieldError> errors() {
        return problem.errors() == null ? List.of() : problem.errors();
    }

    public Problem toProblem() {
        return problem;
    }
}
