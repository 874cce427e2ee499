package io.teamchat.ratelimit;

import io.teamchat.common.problem.ProblemException;
import java.time.Duration;

/** The answer to one counted action: allowed, or refused with how long until the window has room again. */
public record Verdict(boolean allowed, Action action, int limit, Duration window, Duration retryAfter) {

    /** Whole seconds to put in {@code Retry-After}: at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** What the caller is told, the same words over REST and in a socket ack. */
    public String detail() {
        String what = switch (action) {
            case MESSAGE -> "messages";
            case CHANGE -> "message edits and deletes";
            case TYPING -> "typing events";
        };
        return "At most " + limit + " " + what + " per " + window.toSeconds() + " s; retry in " + retryAfterSeconds()
                + " s" + (action == Action.MESSAGE ? " with the same clientMsgId." : ".");
    }

    /** The REST answer: 429 problem details with {@code Retry-After}. */
    public ProblemException toException() {
        return ProblemException.tooManyRequests(detail(), retryAfterSeconds());
    }
}
