package io.teamchat.common.events;

import java.util.UUID;

/**
 * A message is committed. {@code commandId} is null for messages stored before commands carried one.
 *
 * <p>A redelivered command (message-service stopped after the commit, before it acknowledged the command) finds its
 * message stored and announces it again, since the first announcement may not have gone out: readers de-duplicate
 * by message id. A <em>new</em> command that finds its message stored (a client's retry with the same
 * {@code clientMsgId}) is {@code resent}: the first command was acknowledged, which happens only after its
 * announcement went out, so this one is for the retrying sender's ack alone and reaches no room (docs/events.md).
 */
public record MessageCreated(MessagePayload message, UserSummary user, UUID commandId, boolean resent) {

    public MessageCreated(MessagePayload message, UserSummary user, UUID commandId) {
        this(message, user, commandId, false);
    }
}
