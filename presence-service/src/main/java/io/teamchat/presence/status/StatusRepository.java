package io.teamchat.presence.status;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class StatusRepository implements PanacheRepositoryBase<UserStatus, UUID> {

    /** Sets or replaces the user's status; commits before it returns. */
    @Transactional
    public void save(UUID userId, String text, String emoji) {
        UserStatus status = findByIdOptional(userId).orElseGet(() -> {
            UserStatus created = new UserStatus();
            created.userId = userId;
            return created;
        });
        status.text = text;
        status.emoji = emoji;
        status.updatedAt = Instant.now();
        persist(status);
    }

    /** Clears the status; false when there was none. */
    @Transactional
    public boolean clear(UUID userId) {
        return deleteById(userId);
    }

    /** Statuses of several users; users without one are absent. */
    @Transactional
    public Map<UUID, UserStatus> of(Collection<UUID> userIds) {
        Map<UUID, UserStatus> found = new HashMap<>();
        if (!userIds.isEmpty()) {
            list("userId in ?1", userIds).forEach(status -> found.put(status.userId, status));
        }
        return found;
    }
}
