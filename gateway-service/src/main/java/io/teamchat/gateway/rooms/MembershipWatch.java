package io.teamchat.gateway.rooms;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps this gateway's room subscriptions true to the membership cache without relying on member.left arriving:
 * every {@code chat.gateway.membership-recheck} it reads the version of each subscribed room (one small read per
 * room), and for each room whose version moved (or vanished: deleted) re-checks its subscribers and unsubscribes
 * those who may no longer read it.
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
        if (rooms.isEmpty()) {
            return;
        }
        membership
                .versions(rooms)
                .subscribe()
                .with(
                        versions -> {
                            for (UUID room : rooms) {
                                long version = versions.getOrDefault(room, -1L);
                                if (version == MembershipCache.DELETED_VERSION) {
                                    // room.deleted tells these sockets (room-deleted) and unsubscribes them; doing
                                    // it here first, before that event arrives, would leave them never told.
                                    continue;
                                }
                                if (!Objects.equals(checked.put(room, version), version)) {
                                    recheck(room);
                                }
                            }
                        },
                        failure -> LOG.debugf("membership versions unreadable, next tick retries: %s", failure));
    }

    private void recheck(UUID room) {
        for (SocketSession socket : List.copyOf(registry.subscribers(room))) {
            membership
                    .decide(room, socket.user().id(), socket.user().isAdmin(), RoomAction.READ)
                    .subscribe()
                    .with(
                            decision -> {
                                if (!decision.allowed()) {
                                    LOG.debugf(
                                            "unsubscribing %s from room %s: %s",
                                            socket.user().id(), room, decision);
                                    registry.unsubscribe(socket, room);
                                }
                            },
                            failure -> checked.remove(room)); // checked again on the next tick
        }
    }
}
