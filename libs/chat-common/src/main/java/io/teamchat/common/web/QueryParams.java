package io.teamchat.common.web;

import io.teamchat.common.problem.ProblemException;

/**
 * Query parameters are taken as strings and parsed here: JAX-RS would answer an unparseable one with 404, while
 * the contract wants a 400 naming the field.
 */
public final class QueryParams {

    private QueryParams() {}

    /** A whole number from 1 to {@code max}. */
    public static int pageSize(String name, String value, int max) {
        try {
            int size = Integer.parseInt(value.strip());
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidField(name, "must be a whole number from 1 to " + max);
    }
}
