package io.teamchat.presence.presence;

import io.micrometer.core.instrument.MeterRegistry;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.presence.connections.SocketChange;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Applies socket changes in the order given (a batch of the connections stream, or the sweep's closes) and
     * publishes the presence changes they make, in the same order: a user's first socket opening makes them online,
     * their last one closing offline (seen last at the close), every socket idle away. The work is per batch, not per
     * change: the sockets in two pipelined Redis round trips, the last-seen times in one statement (committed before
     * anything is published, so whoever reacts to an offline event reads its time), the states the events carry in
     * one read, and the events in one pipelined round trip.
     */
    public void apply(List<SocketChange> changes) {
        List<SocketRegistry.Change> results = sockets.applyAll(changes);
        List<Transition> transitions = new ArrayList<>();
        Map<UUID, Instant> closedAt = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            SocketChange change = changes.get(i);
            SocketRegistry.Change result = results.get(i);
            UUID userId = change.userId();
            if (change instanceof SocketChange.Opened && result.sockets() == 1) {
                transitions.add(new Transition(userId, true, false, "online"));
            } else if (change instanceof SocketChange.Closed closed && result.sockets() == 0) {
                closedAt.merge(userId, closed.closedAt(), (a, b) -> a.isAfter(b) ? a : b);
                transitions.add(new Transition(userId, false, false, "offline"));
            } else if (change instanceof SocketChange.Opened && !result.changed()) {
                LOG.debugf("ignoring late connect of closed socket %s of user %s", change.socketId(), userId);
            } else if (result.changed() && result.wasAway() != result.away()) {
                // an active socket opened beside idle ones, the last active one closed, or the client said so
                transitions.add(new Transition(userId, true, result.away(), result.away() ? "away" : "back"));
            }
        }
        lastSeen.recordLatest(closedAt);
        if (transitions.isEmpty()) {
            return;
        }
        List<UUID> users =
                transitions.stream().map(Transition::userId).distinct().toList();
        Map<UUID, Instant> seen = lastSeen.lastSeenOf(users);
        Map<UUID, UserStatus> custom = statuses.of(users);
        List<PresenceChanged> events = new ArrayList<>(transitions.size());
        for (Transition transition : transitions) {
            UserStatus status = custom.get(transition.userId());
            events.add(new PresenceChanged(
                    transition.userId(),
                    transition.online(),
                    seen.get(transition.userId()),
                    transition.away(),
                    status == null ? null : status.text,
                    status == null ? null : status.emoji));
        }
        publisher.publishAll(events);
        transitions.forEach(transition -> meters.counter("chat.presence.transitions", "state", transition.meter())
                .increment());
    }

    /** A change of what {@link PresenceView} shows, and the transitions counter it counts in. */
    private record Transition(UUID userId, boolean online, boolean away, String meter) {}

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

    /** Publishes the user's whole current state (after a status change). */
    private PresenceView announce(UUID userId) {
        PresenceView now = lookup(List.of(userId)).getFirst();
        publisher.publish(new PresenceChanged(
                userId, now.isOnline(), now.lastSeen(), now.away(), now.status(), now.statusEmoji()));
        return now;
    }
}
