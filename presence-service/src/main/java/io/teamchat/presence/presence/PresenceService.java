package io.teamchat.presence.presence;

import io.micrometer.core.instrument.MeterRegistry;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.presence.connections.SocketRegistry;
import io.teamchat.presence.events.PresencePublisher;
import io.teamchat.presence.lastseen.LastSeenRepository;
import io.teamchat.presence.status.StatusRepository;
import io.teamchat.presence.status.StatusRules;
import io.teamchat.presence.status.UserStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Presence use cases. Every change of what {@link PresenceView} shows (online, away, status) publishes one
 * {@code presence.changed} with the whole state, so a reader never has to merge. Socket changes are safe to apply
 * again: opening a socket that is already open, or closing one that another event closed or that was never open,
 * changes nothing; an entry redelivered after its work failed halfway redoes the rest (publishing its transition
 * again is harmless: presence.changed says "the state is now"), and last-seen never moves back.
 */
@ApplicationScoped
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);
    /** Connection events without a gateway id (none are written so; old entries) are filed under this one. */
    private static final String UNKNOWN_GATEWAY = "unknown";

    private final SocketRegistry sockets;
    private final LastSeenRepository lastSeen;
    private final StatusRepository statuses;
    private final PresencePublisher publisher;
    private final MeterRegistry meters;

    @Inject
    public PresenceService(
            SocketRegistry sockets,
            LastSeenRepository lastSeen,
            StatusRepository statuses,
            PresencePublisher publisher,
            MeterRegistry meters) {
        this.sockets = sockets;
        this.lastSeen = lastSeen;
        this.statuses = statuses;
        this.publisher = publisher;
        this.meters = meters;
    }

    /** A socket opened on gateway instance {@code gatewayId}; the user's first one makes them online. */
    public void socketOpened(UUID userId, String socketId, String gatewayId) {
        SocketRegistry.Change change = sockets.open(userId, socketId, gateway(gatewayId));
        if (!change.changed()) {
            LOG.debugf("ignoring late connect of closed socket %s of user %s", socketId, userId);
            return;
        }
        if (change.sockets() == 1) {
            publish(userId, true, lastSeen.lastSeenOf(userId).orElse(null), false);
            meters.counter("chat.presence.transitions", "state", "online").increment();
        } else if (change.wasAway() != change.away()) {
            awayChanged(userId, change.away()); // an active socket opened beside idle ones
        }
    }

    /**
     * The event {@code eventId} says a socket closed at {@code closedAt}; when it was the user's last one they are
     * offline, seen last then. The time comes from the event, not the clock, so that a redelivered event stores the
     * same value.
     */
    public void socketClosed(UUID userId, String socketId, String gatewayId, String eventId, Instant closedAt) {
        SocketRegistry.Change change = sockets.close(userId, socketId, gateway(gatewayId), eventId);
        if (change.sockets() == 0) {
            // Committed before publishing: whoever reacts to the event reads the new last-seen time.
            Instant stored = lastSeen.recordLatest(userId, closedAt);
            publish(userId, false, stored, false);
            meters.counter("chat.presence.transitions", "state", "offline").increment();
        } else if (change.changed() && change.wasAway() != change.away()) {
            awayChanged(userId, change.away()); // the last active socket closed, the idle ones stay
        }
    }

    /** The client of an open socket reported its user idle or active again. */
    public void socketActivity(UUID userId, String socketId, boolean idle) {
        SocketRegistry.Change change = sockets.activity(userId, socketId, idle);
        if (change.changed() && change.wasAway() != change.away()) {
            awayChanged(userId, change.away());
        }
    }

    /** Sets the caller's custom status (already checked by {@link StatusRules}) and announces it. */
    public PresenceView setStatus(UUID userId, StatusRules.Status status) {
        statuses.save(userId, status.text(), status.emoji());
        return announce(userId);
    }

    /** Clears the caller's custom status; announced only when there was one. */
    public void clearStatus(UUID userId) {
        if (statuses.clear(userId)) {
            announce(userId);
        }
    }

    @Transactional
    public List<PresenceView> lookup(List<UUID> userIds) {
        List<SocketRegistry.State> states = sockets.states(userIds);
        Map<UUID, Instant> seen = lastSeen.lastSeenOf(userIds);
        Map<UUID, UserStatus> custom = statuses.of(userIds);
        List<PresenceView> views = new ArrayList<>(userIds.size());
        for (int i = 0; i < userIds.size(); i++) {
            UUID id = userIds.get(i);
            SocketRegistry.State state = states.get(i);
            UserStatus status = custom.get(id);
            views.add(new PresenceView(
                    id,
                    state.sockets() > 0,
                    seen.get(id),
                    state.away(),
                    status == null ? null : status.text,
                    status == null ? null : status.emoji));
        }
        return views;
    }

    private void awayChanged(UUID userId, boolean away) {
        publish(userId, true, lastSeen.lastSeenOf(userId).orElse(null), away);
        meters.counter("chat.presence.transitions", "state", away ? "away" : "back")
                .increment();
    }

    /** Publishes the user's whole current state (after a status change). */
    private PresenceView announce(UUID userId) {
        PresenceView now = lookup(List.of(userId)).getFirst();
        publisher.publish(new PresenceChanged(
                userId, now.isOnline(), now.lastSeen(), now.away(), now.status(), now.statusEmoji()));
        return now;
    }

    private void publish(UUID userId, boolean online, Instant seen, boolean away) {
        Optional<UserStatus> status = statuses.of(userId);
        publisher.publish(new PresenceChanged(
                userId,
                online,
                seen,
                away,
                status.map(s -> s.text).orElse(null),
                status.map(s -> s.emoji).orElse(null)));
    }

    private static String gateway(String gatewayId) {
        return gatewayId == null || gatewayId.isBlank() ? UNKNOWN_GATEWAY : gatewayId;
    }
}
