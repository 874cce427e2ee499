package io.teamchat.presence.presence;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.presence.config.PresenceConfig;
import io.teamchat.presence.connections.SocketChange;
import io.teamchat.presence.connections.SocketRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Closes the sockets of gateway instances that died without saying goodbye (SIGKILL, a lost node). Each gateway
 * instance renews {@code <prefix>presence:gateway:<gatewayId>} with a TTL (gateway-service {@code
 * chat.gateway.heartbeat.*}); every {@code chat.presence.sweep-interval}, one replica (a Redis lock) looks at every
 * instance that has sockets open, and closes those of each instance whose key expired, through the same path as a
 * disconnect, so their users go offline (or stay online through their sockets elsewhere) and presence.changed is
 * published once per user. With the defaults (heartbeat every 5 s, 15 s TTL, sweep every 5 s) a dead instance's
 * users are offline within 20 s.
 */
@ApplicationScoped
public class GatewaySweep {

    private static final Logger LOG = Logger.getLogger(GatewaySweep.class);
    /** A dead instance's sockets are closed this many at a time, as one batch of the connections stream would be. */
    private static final int CLOSES_PER_BATCH = 256;

    private final SocketRegistry sockets;
    private final PresenceService presence;
    private final Vertx vertx;
    private final long intervalMillis;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private long timerId = -1;

    public GatewaySweep(SocketRegistry sockets, PresenceService presence, Vertx vertx, PresenceConfig config) {
        this.sockets = sockets;
        this.presence = presence;
        this.vertx = vertx;
        this.intervalMillis = config.sweepInterval().toMillis();
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(intervalMillis, id -> {
            if (running.compareAndSet(false, true)) {
                vertx.executeBlocking(
                                () -> {
                                    sweep();
                                    return null;
                                },
                                false)
                        .onComplete(done -> {
                            running.set(false);
                            if (done.failed()) {
                                LOG.warnf("gateway sweep failed, next one retries: %s", done.cause());
                            }
                        });
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One pass; does nothing when another replica swept within the interval. */
    void sweep() {
        if (!sockets.tryLock("gateway-sweep", owner, intervalMillis)) {
            return;
        }
        for (String gatewayId : sockets.gateways()) {
            if (sockets.heartbeating(gatewayId)) {
                continue;
            }
            var open = sockets.socketsOf(gatewayId);
            if (!open.isEmpty()) {
                LOG.infof("gateway %s stopped heartbeating: closing its %d sockets", gatewayId, open.size());
            }
            Instant now = Instant.now();
            List<SocketChange> closes = new ArrayList<>(CLOSES_PER_BATCH);
            for (SocketRegistry.GatewaySocket socket : open) {
                // One close event id per instance: the sweep retried after a failure redoes its own closes.
                closes.add(new SocketChange.Closed(
                        socket.userId(), socket.socketId(), gatewayId, "swept:" + gatewayId, now));
                if (closes.size() == CLOSES_PER_BATCH) {
                    presence.apply(closes);
                    closes.clear();
                }
            }
            presence.apply(closes);
            sockets.forgetGateway(gatewayId);
        }
    }
}
