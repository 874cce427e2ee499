package io.teamchat.common.problem;

import jakarta.ws.rs.core.Response.Status;

/** Thrown by use cases to end a request with a problem-details response; carries no stack trace. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    public ProblemException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
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

    public Problem toProblem() {
        return Problem.of(status, title, getMessage());
    }
}
