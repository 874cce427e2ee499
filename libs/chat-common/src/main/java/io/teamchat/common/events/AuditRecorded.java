package io.teamchat.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A security-relevant action done in another service, for auth-service's one append-only audit log: {@code action}
 * (e.g. {@code room.deleted}, {@code member.removed}), who did it ({@code actorId}, from the verified token), to
 * which user ({@code targetId}, may be null), the room ({@code roomId}), from where ({@code address}) and when. Never
 * a password or token. Travels on its own stream (not the events stream gateways read), as addresses are not for
 * clients.
 */
public record AuditRecorded(
        String action, UUID actorId, UUID targetId, UUID roomId, String address, Instant at, String detail) {}
