package io.teamchat.message.http;

import io.teamchat.common.problem.ProblemException;
import java.util.UUID;

/**
 * Query parameters are taken as strings and parsed here: JAX-RS would answer an unparseable one with 404, while
 * the contract wants a 400 naming the field.
 */
public final class QueryParams {

    private QueryParams() {}

    /** A whole number from 1 to {@code max} (the services' one rule, in chat-common). */
    public static int pageSize(String name, String value, int max) {
        return io.teamchat.common.web.QueryParams.pageSize(name, value, max);
    }

    /** A message id, or null when absent. */
    public static UUID messageId(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(name, "must be a message id");
        }
    }
}
