package io.teamchat.room.events;

import java.util.UUID;

/**
 * Fired (as a CDI event) inside the transaction that ended {@code userId}'s membership of {@code roomId};
 * {@link RoomEventPublisher} turns it into a {@code member.left} stream entry once that transaction committed.
 * {@code removed} is true for a kick, false when the user left.
 */
public record MemberLeftNotice(UUID roomId, UUID userId, boolean removed) {}
