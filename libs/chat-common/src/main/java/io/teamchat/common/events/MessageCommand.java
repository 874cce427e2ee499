package io.teamchat.common.events;

import java.util.UUID;

/**
 * A command on one stored message (edit, delete, reaction, pin): it goes to the partition of {@code roomId}, the
 * message's room, and is answered by an event carrying {@code commandId}. {@code userId} and {@code senderIsAdmin}
 * come from the verified token.
 */
public interface MessageCommand {

    UUID commandId();

    UUID userId();

    UUID messageId();

    UUID roomId();

    boolean senderIsAdmin();
}
