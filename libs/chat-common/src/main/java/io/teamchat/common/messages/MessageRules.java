package io.teamchat.common.messages;

import io.teamchat.common.problem.Problem;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of a message a user writes, in one place: the gateway checks socket sends and edits with them and
 * message-service checks REST requests and commands with them, so both paths accept and refuse the same input.
 */
public final class MessageRules {

    /** Longest content, counted in code points (an emoji is one) after trimming. */
    public static final int MAX_CONTENT_CODE_POINTS = 4000;

    public static final int MAX_CLIENT_MSG_ID_LENGTH = 100;

    /**
     * Largest request body or socket event payload about a message, in UTF-8 bytes. Refused before any content
     * is parsed, so a huge message of spaces never reaches memory as a string (4000 code points of 4 bytes fit).
     */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    /** {@code system} messages are written by the services themselves, never sent by users. */
    public static final Set<String> USER_TYPES = Set.of("text", "file", "image");

    private MessageRules() {}

    /**
     * The content to store: the raw text trimmed of leading and trailing white space. Null, with an error added
     * under {@code field}, when it is missing, holds a control character other than newline and tab, or is not
     * 1-4000 code points once trimmed.
     */
    public static String content(String field, String raw, List<Problem.FieldError> errors) {
        if (raw == null) {
            errors.add(new Problem.FieldError(field, "is required"));
            return null;
        }
        if (hasForbiddenControl(raw)) {
            errors.add(new Problem.FieldError(field, "must not contain control characters other than newline and tab"));
            return null;
        }
        String trimmed = raw.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > MAX_CONTENT_CODE_POINTS) {
            errors.add(new Problem.FieldError(field, "must be 1-" + MAX_CONTENT_CODE_POINTS + " characters"));
            return null;
        }
        return trimmed;
    }

    /** Types that carry an attachment (an upload of the sender's, {@code attachmentId}). */
    public static final Set<String> ATTACHMENT_TYPES = Set.of("file", "image");

    /**
     * The content to store for a message of this (checked) type: {@link #content} for text; for a file or image an
     * optional caption, empty when absent or blank, otherwise the same rules.
     */
    public static String contentFor(String type, String raw, List<Problem.FieldError> errors) {
        if (ATTACHMENT_TYPES.contains(type) && (raw == null || raw.isBlank())) {
            return "";
        }
        return content("content", raw, errors);
    }

    /** A file or image message needs {@code attachmentId}; a text message must not have one. */
    public static UUID attachmentId(String type, UUID attachmentId, List<Problem.FieldError> errors) {
        boolean needsOne = ATTACHMENT_TYPES.contains(type);
        if (needsOne && attachmentId == null) {
            errors.add(new Problem.FieldError("attachmentId", "is required for a " + type + " message"));
        } else if (!needsOne && attachmentId != null) {
            errors.add(new Problem.FieldError("attachmentId", "is only for file and image messages"));
        }
        return attachmentId;
    }

    /** The message type, {@code text} when absent; an error when it is not one users may send. */
    public static String type(String raw, List<Problem.FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return "text";
        }
        if (!USER_TYPES.contains(raw)) {
            errors.add(new Problem.FieldError("type", "must be one of text, file, image"));
        }
        return raw;
    }

    /** An optional idempotency key: 1-100 characters without control characters. */
    public static String clientMsgId(String raw, List<Problem.FieldError> errors) {
        if (raw != null && (raw.isBlank() || raw.length() > MAX_CLIENT_MSG_ID_LENGTH || hasControl(raw))) {
            errors.add(new Problem.FieldError("clientMsgId", "must be 1-" + MAX_CLIENT_MSG_ID_LENGTH + " characters"));
        }
        return raw;
    }

    /** Whether a payload of this many UTF-8 bytes is refused (413) before it is parsed. */
    public static boolean payloadTooLarge(long utf8Bytes) {
        return utf8Bytes > MAX_PAYLOAD_BYTES;
    }

    /** UTF-8 length of a text already in memory (a socket frame), without encoding it. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    public static String tooLargeDetail() {
        return "The payload is larger than " + MAX_PAYLOAD_BYTES + " bytes.";
    }

    /** C0 controls (U+0000-U+001F) other than tab and newline. */
    private static boolean hasForbiddenControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20);
    }
}
