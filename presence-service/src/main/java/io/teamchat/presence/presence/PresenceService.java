package io.teamchat.presence.presence;

import io.micrometer.core.instrument.MeterRegistry;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.presence.connections.SocketRegistry;
import io.teamchat.presence.events.PresencePublisher;
import io.teamchat.presence.lastseen.LastSeenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Presence use cases. Socket changes are safe to apply again: opening a socket that is already open, or closing
 * one that another event closed or that was never open, changes nothing; an entry redelivered after its work
 * failed halfway redoes the rest (publishing its transition again is harmless: presence.changed says "the state
 * is now"), and last-seen never moves back.
 */
@ApplicationScoped
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    private final SocketRegistry sockets;
    private final LastSeenRepository lastSeen;
    private final PresencePublisher publisher;
    private final MeterRegistry meters;

    @Inject
    public PresenceService(
            SocketRegistry sockets, LastSeenRepository lastSeen, PresencePublisher publisher, MeterRegistry meters) {
        this.sockets = sockets;
        this.lastSeen = lastSeen;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** A socket opened; the user's first one makes them online. */
    public void socketOpened(UUID userId, String socketId) {
        long open = sockets.open(userId, socketId);
        if (open == SocketRegistry.NO_CHANGE) {
            LOG.debugf("ignoring late connect of closed socket %s of user %s", socketId, userId);
            return;
        }
        if (open == 1) {
            publisher.publish(new PresenceChanged(
                    userId, true, lastSeen.lastSeenOf(userId).orElse(null)));
            meters.counter("chat.presence.transitions", "state", "online").increment();
        }
    }

    /**
     * The event {@code eventId} says a socket closed at {@code closedAt}; when it was the user's last one they are
     * offline, seen last then. The time comes from the event, not the clock, so that a redelivered event stores the
     * same value.
     */
    public void socketClosed(UUID userId, String socketId, UUID eventId, Instant closedAt) {
        long remaining = sockets.close(userId, socketId, String.valueOf(eventId));
        if (remaining == 0) {
            // Committed before publishing: whoever reacts to the event reads the new last-seen time.
            Instant stored = lastSeen.recordLatest(userId, closedAt);
            publisher.publish(new PresenceChanged(userId, false, stored));
            meters.counter("chat.presence.transitions", "state", "offline").increment();
        }
    }

    @Transactional
    public List<PresenceView> lookup(List<UUID> userIds) {
        List<Long> counts = sockets.socketCounts(userIds);
        Map<UUID, Instant> seen = lastSeen.lastSeenOf(userIds);
        List<PresenceView> views = new ArrayList<>(userIds.size());
        for (int i = 0; i < userIds.size(); i++) {
            UUID id = userIds.get(i);
            views.add(new PresenceView(id, counts.get(i) > 0, seen.get(id)));
        }
        return views;
    }
}
