package io.teamchat.room.rooms;

/** Trimming of user-entered text, shared by the request records. */
final class Texts {

    private Texts() {}

    static String trim(String text) {
        return text == null ? null : text.strip();
    }

    static String trimToNull(String text) {
        String trimmed = trim(text);
        return trimmed == null || trimmed.isEmpty() ? null : trimmed;
    }
}
