package io.teamchat.message.message;

import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A message to store, from either the socket (a send command) or REST. Both are checked by
 * {@link MessageRules}, the rules the gateway applies too.
 */
public record MessageDraft(
        UUID roomId,
        UUID userId,
        String username,
        String content,
        String type,
        String clientMsgId,
        UUID attachmentId,
        UUID parentId) {

    /** The draft as stored (content trimmed, type defaulted), or a 400 problem naming every invalid field. */
    public MessageDraft validated() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (roomId == null) {
            errors.add(new Problem.FieldError("roomId", "must be a room id"));
        }
        String checkedType = MessageRules.type(type, errors);
        String stored = MessageRules.contentFor(checkedType, content, errors);
        MessageRules.clientMsgId(clientMsgId, errors);
        MessageRules.attachmentId(checkedType, attachmentId, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new MessageDraft(roomId, userId, username, stored, checkedType, clientMsgId, attachmentId, parentId);
    }

    /** The same draft replying to {@code root}: a reply to a reply attaches to the thread's root. */
    public MessageDraft inThread(UUID root) {
        return new MessageDraft(roomId, userId, username, content, type, clientMsgId, attachmentId, root);
    }
}
