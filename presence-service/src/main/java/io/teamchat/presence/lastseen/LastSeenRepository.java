package io.teamchat.presence.lastseen;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Session;

@ApplicationScoped
public class LastSeenRepository implements PanacheRepositoryBase<LastSeen, UUID> {

    /**
     * Records each user's time unless a later one is already stored, so that a redelivered or out-of-order
     * disconnect never moves "last seen" backwards, and the same disconnects applied twice store the same values.
     * One statement for all users; commits before it returns, so that an event published afterwards never announces
     * an uncommitted time.
     */
    @Transactional
    public void recordLatest(Map<UUID, Instant> closedAt) {
        if (closedAt.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into presence.last_seen as seen (user_id, last_seen)
                    select * from unnest(?::uuid[], ?::text[]::timestamptz[])
                    on conflict (user_id) do update set last_seen = greatest(seen.last_seen, excluded.last_seen)""")) {
                upsert.setArray(
                        1, connection.createArrayOf("uuid", closedAt.keySet().toArray()));
                upsert.setArray(
                        2,
                        connection.createArrayOf(
                                "text",
                                closedAt.values().stream()
                                        .map(Instant::toString)
                                        .toArray()));
                upsert.executeUpdate();
            }
        });
    }

    /** Last-seen times of several users; users never seen are absent. */
    @Transactional
    public Map<UUID, Instant> lastSeenOf(Collection<UUID> userIds) {
        Map<UUID, Instant> times = new HashMap<>();
        if (!userIds.isEmpty()) {
            list("userId in ?1", userIds).forEach(seen -> times.put(seen.userId, seen.lastSeen));
        }
        return times;
    }
}
