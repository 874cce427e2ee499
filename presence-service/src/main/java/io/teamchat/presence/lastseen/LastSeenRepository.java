package io.teamchat.presence.lastseen;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class LastSeenRepository implements PanacheRepositoryBase<LastSeen, UUID> {

    /**
     * Records {@code at} unless a later time is already stored, so that a redelivered or out-of-order disconnect
     * never moves "last seen" backwards, and the same disconnect applied twice stores the same value. Commits
     * before it returns the stored time, so that an event published afterwards never announces an uncommitted one.
     */
    @Transactional
    public Instant recordLatest(UUID userId, Instant at) {
        getEntityManager()
                .createNativeQuery("""
                        insert into {h-schema}last_seen as seen (user_id, last_seen) values (?1, ?2)
                        on conflict (user_id) do update set last_seen = greatest(seen.last_seen, excluded.last_seen)""")
                .setParameter(1, userId)
                .setParameter(2, at)
                .executeUpdate();
        return lastSeenOf(userId).orElse(at);
    }

    @Transactional
    public Optional<Instant> lastSeenOf(UUID userId) {
        return findByIdOptional(userId).map(seen -> seen.lastSeen);
    }

    /** Last-seen times of several users; users never seen are absent. */
    public Map<UUID, Instant> lastSeenOf(Collection<UUID> userIds) {
        Map<UUID, Instant> times = new HashMap<>();
        if (!userIds.isEmpty()) {
            list("userId in ?1", userIds).forEach(seen -> times.put(seen.userId, seen.lastSeen));
        }
        return times;
    }
}
