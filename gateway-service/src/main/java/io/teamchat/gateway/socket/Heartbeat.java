package io.teamchat.gateway.socket;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Engine.IO v4 heartbeat: the server pings ({@code 2}) every ping interval and drops a connection whose last pong
 * ({@code 3}) is older than interval + timeout, or that never sent a Socket.IO CONNECT, or whose access token has
 * expired (see {@link SocketSession#closeExpired()}). One timer for all connections; other periodic housekeeping
 * hooks onto the same tick.
 */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final Vertx vertx;
    private final SocketRegistry registry;
    private final long intervalMs;
    private final long deadAfterNanos;
    private final long connectTimeoutNanos;
    private final List<Runnable> housekeeping = new ArrayList<>();
    private long timerId = -1;

    public Heartbeat(Vertx vertx, SocketRegistry registry, GatewayConfig config) {
        this.vertx = vertx;
        this.registry = registry;
        this.intervalMs = config.engine().pingInterval().toMillis();
        this.deadAfterNanos = config.engine()
                .pingInterval()
                .plus(config.engine().pingTimeout())
                .toNanos();
        this.connectTimeoutNanos = config.engine().connectTimeout().toNanos();
    }

    /** Registers a task run on each tick (cache expiry and the like); must be quick and non-blocking. */
    public synchronized void onTick(Runnable task) {
        housekeeping.add(task);
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(intervalMs, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    void tick() {
        long now = System.nanoTime();
        Instant wallNow = Instant.now();
        for (SocketSession session : registry.all()) {
            if (now - session.lastPongNanos() > deadAfterNanos) {
                LOG.debugf("closing connection %s: no pong within the ping timeout", session.connectionId());
                session.close(1000, "ping timeout");
            } else if (session.tokenExpired(wallNow)) {
                LOG.debugf("closing connection %s: access token expired", session.connectionId());
                session.closeExpired();
            } else if (!session.isConnected()
                    && !session.isConnecting()
                    && now - session.openedAtNanos() > connectTimeoutNanos) {
                session.close(1000, "no Socket.IO CONNECT");
            } else {
                session.send("2");
            }
        }
        registry.purgeExpired();
        forEachTask(Runnable::run);
    }

    private synchronized void forEachTask(Consumer<Runnable> action) {
        for (Runnable task : housekeeping) {
            try {
                action.accept(task);
            } catch (RuntimeException e) {
                LOG.warnf("housekeeping task failed: %s", e.toString());
            }
        }
    }
}
