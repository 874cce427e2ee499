package io.teamchat.auth.presence;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Online state and last-seen time for user views, from presence-service (the one source of presence): one call
 * for all the users of a response, never one per user. presence-service being slow or down must not fail a
 * profile read, so then users are shown offline and never seen (logged).
 */
@ApplicationScoped
public class Presences {

    private static final Logger LOG = Logger.getLogger(Presences.class);

    /** What a user view shows of presence. */
    public record Presence(boolean isOnline, Instant lastSeen) {
        public static final Presence UNKNOWN = new Presence(false, null);
    }

    private final PresenceClient client;

    public Presences(@RestClient PresenceClient client) {
        this.client = client;
    }

    /** Presence of these users (absent users: {@link Presence#UNKNOWN}), asked with the caller's bearer header. */
    public Map<UUID, Presence> of(Collection<UUID> userIds, String authorization) {
        Map<UUID, Presence> found = new HashMap<>();
        if (userIds.isEmpty() || authorization == null) {
            return found;
        }
        String ids = new LinkedHashSet<>(userIds).stream().map(UUID::toString).collect(Collectors.joining(","));
        try {
            for (PresenceClient.UserPresence p : client.lookup(authorization, ids)) {
                found.put(p.userId(), new Presence(Boolean.TRUE.equals(p.isOnline()), p.lastSeen()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("presence-service unavailable, users shown offline: %s", e.getMessage());
        }
        return found;
    }
}
