package io.teamchat.room.events;

import java.util.UUID;

/**
 * Fired (as a CDI event) inside the transaction that made {@code userId} a member of {@code roomId};
 * {@link RoomEventPublisher} turns it into a {@code member.joined} stream entry once that transaction committed.
 * {@code username} is known only when the user is the caller (from the token), else null.
 */
public record MemberJoinedNotice(UUID roomId, UUID userId, String username) {}
