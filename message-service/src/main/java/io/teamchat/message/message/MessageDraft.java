package io.teamchat.message.message;

import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A message to store, from either the socket (a send command) or REST. The same rules apply to both, so they
 * live here once. {@code content} is kept verbatim; only its trimmed length is checked.
 */
public record MessageDraft(UUID roomId, UUID userId, String username, String content, String type, String clientMsgId) {

    public static final int MAX_CONTENT_LENGTH = 4000;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 100;
    /** {@code system} messages are written by the services themselves, never sent by users. */
    private static final Set<String> USER_TYPES = Set.of("text", "file", "image");

    public MessageDraft {
        type = type == null || type.isBlank() ? "text" : type;
    }

    /** Throws a 400 problem naming every invalid field. */
    public void validate() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (roomId == null) {
            errors.add(new Problem.FieldError("roomId", "must be a room id"));
        }
        if (content == null || content.isBlank()) {
            errors.add(new Problem.FieldError("content", "must not be blank"));
        } else if (content.indexOf('\0') >= 0) {
            errors.add(new Problem.FieldError("content", "must not contain NUL characters"));
        } else if (characters(content.strip()) > MAX_CONTENT_LENGTH) {
            errors.add(new Problem.FieldError("content", "must be at most " + MAX_CONTENT_LENGTH + " characters"));
        }
        if (!USER_TYPES.contains(type)) {
            errors.add(new Problem.FieldError("type", "must be one of text, file, image"));
        }
        if (clientMsgId != null
                && (clientMsgId.isBlank()
                        || clientMsgId.length() > MAX_CLIENT_MSG_ID_LENGTH
                        || clientMsgId.indexOf('\0') >= 0)) {
            errors.add(new Problem.FieldError("clientMsgId", "must be 1-" + MAX_CLIENT_MSG_ID_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** Characters as people count them (code points), the same count the gateway applies: an emoji is one. */
    private static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}
