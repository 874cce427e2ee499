package io.teamchat.auth.web;

/**
 * Ends a request with a problem-details response that names the offending request field in {@code errors}, for
 * rules Bean Validation cannot see (a taken username, a wrong current password). chat-common's ProblemException
 * carries no field errors.
 */
public class FieldProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;

    public FieldProblemException(int status, String title, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static FieldProblemException conflict(String field, String message) {
        return new FieldProblemException(409, "Conflict", field, message);
    }

    public static FieldProblemException badRequest(String field, String message) {
        return new FieldProblemException(400, "Bad Request", field, message);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
