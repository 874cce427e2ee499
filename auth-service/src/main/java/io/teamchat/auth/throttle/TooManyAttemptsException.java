package io.teamchat.auth.throttle;

/** Ends a request with 429 (or 503 when hashing is saturated) and a {@code Retry-After} in seconds. */
public class TooManyAttemptsException extends RuntimeException {

    private final int status;
    private final String title;
    private final long retryAfterSeconds;

    public TooManyAttemptsException(int status, String title, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    static TooManyAttemptsException tooMany(String detail, long retryAfterSeconds) {
        return new TooManyAttemptsException(429, "Too Many Requests", detail, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
