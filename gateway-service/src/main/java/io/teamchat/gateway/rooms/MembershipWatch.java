package io.teamchat.gateway.rooms;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps this gateway's room subscriptions true to the membership cache without relying on member.left arriving:
 * every {@code chat.gateway.membership-recheck} it reads the version of each subscribed room (one small read per
 * room), and for each room whose version moved (or vanished: deleted) re-checks its subscribers, all of them with
 * one read of the room, and unsubscribes those who may no longer read it.
 *
 * <p>A gateway with 10,000 sockets in 1,000 rooms must not turn this into a burst: the reads of a turn go out at most
 * {@link MembershipCache#READS_IN_FLIGHT} at a time, and a turn starts only once the previous one is done. (A read
 * per socket, all at once, once filled the Redis pool's wait queue after a connection storm, and sends and joins
 * were refused with 503 until it drained.)
 */
@ApplicationScoped
public class MembershipWatch {

    private static final Logger LOG = Logger.getLogger(MembershipWatch.class);

    private final MembershipCache membership;
    private final SocketRegistry registry;
    private final Vertx vertx;
    private final long intervalMillis;
    /** The version each room had when its subscribers were last checked; -1: not in the cache. */
    private final Map<UUID, Long> checked = new ConcurrentHashMap<>();
    /** A turn is reading or re-checking: the timer skips its tick instead of stacking reads on it. */
    private final AtomicBoolean turnInFlight = new AtomicBoolean();

    private long timer = -1;

    public MembershipWatch(MembershipCache membership, SocketRegistry registry, Vertx vertx, GatewayConfig config) {
        this.membership = membership;
        this.registry = registry;
        this.vertx = vertx;
        this.intervalMillis = config.membershipRecheck().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(intervalMillis, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void tick() {
        Set<UUID> rooms = registry.subscribedRooms();
        checked.keySet().retainAll(rooms);
        if (rooms.isEmpty() || !turnInFlight.compareAndSet(false, true)) {
            return;
        }
        membership
                .versions(rooms)
                .onItem()
                .transformToUni(versions -> recheck(moved(rooms, versions)))
                .onTermination()
                .invoke(() -> turnInFlight.set(false))
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> LOG.debugf("membership versions unreadable, next tick retries: %s", failure));
    }

    /** The rooms whose version differs from the one their subscribers were last checked at (now remembered). */
    private List<UUID> moved(Set<UUID> rooms, Map<UUID, Long> versions) {
        List<UUID> moved = new ArrayList<>();
        for (UUID room : rooms) {
            long version = versions.getOrDefault(room, -1L);
            if (version == MembershipCache.DELETED_VERSION) {
                // room.deleted tells these sockets (room-deleted) and unsubscribes them; doing it here first, before
                // that event arrives, would leave them never told.
                continue;
            }
            if (!Objects.equals(checked.put(room, version), version)) {
                moved.add(room);
            }
        }
        return moved;
    }

    private Uni<Void> recheck(List<UUID> rooms) {
        return Multi.createFrom()
                .iterable(rooms)
                .onItem()
                .transformToUni(this::recheck)
                .merge(MembershipCache.READS_IN_FLIGHT)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * Unsubscribes the room's sockets whose user may no longer read it; never fails (a failed read is retried). A room
     * deleted since this turn read its version (its sockets are refused because it is gone) is left to room.deleted,
     * which tells them before it unsubscribes them.
     */
    Uni<Void> recheck(UUID room) {
        List<SocketSession> sockets = List.copyOf(registry.subscribers(room));
        List<MembershipCache.Asker> askers = new ArrayList<>(sockets.size());
        for (SocketSession socket : sockets) {
            askers.add(
                    new MembershipCache.Asker(socket.user().id(), socket.user().isAdmin()));
        }
        return membership
                .decideEach(room, askers, RoomAction.READ)
                .onItem()
                .transformToUni(decisions -> decisions.stream().allMatch(Decision::allowed)
                        ? Uni.createFrom().item(decisions)
                        : membership
                                .versions(List.of(room))
                                .map(versions -> versions.getOrDefault(room, -1L) == MembershipCache.DELETED_VERSION
                                        ? List.<Decision>of()
                                        : decisions))
                .invoke(decisions -> {
                    for (int i = 0; i < decisions.size(); i++) {
                        Decision decision = decisions.get(i);
                        if (!decision.allowed()) {
                            SocketSession socket = sockets.get(i);
                            LOG.debugf(
                                    "unsubscribing %s from room %s: %s",
                                    socket.user().id(), room, decision);
                            registry.unsubscribe(socket, room);
                        }
                    }
                })
                .onFailure()
                .invoke(() -> checked.remove(room)) // checked again on the next tick
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
