package io.teamchat.room.rooms;

/** Trimming of user-entered text, shared by the request records. */
final class Texts {

    /**
     * PostgreSQL text cannot hold the NUL character (the insert fails), so request fields reject it up front:
     * {@code @Pattern(regexp = Texts.NO_NUL, message = Texts.NO_NUL_MESSAGE)}.
     */
    static final String NO_NUL = "[^\\x00]*";

    static final String NO_NUL_MESSAGE = "must not contain NUL characters";

    private Texts() {}

    static String trim(String text) {
        return text == null ? null : text.strip();
    }

    static String trimToNull(String text) {
        String trimmed = trim(text);
        return trimmed == null || trimmed.isEmpty() ? null : trimmed;
    }
}
