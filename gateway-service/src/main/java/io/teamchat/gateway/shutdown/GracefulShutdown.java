package io.teamchat.gateway.shutdown;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.messages.PendingAcks;
import io.teamchat.gateway.socket.SocketRoutes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * On SIGTERM, while the HTTP server still serves (Quarkus' shutdown delay, readiness already down): refuse new
 * sessions, let the sends in flight get their acks (at most {@code chat.gateway.drain-timeout}), then close every
 * Engine.IO connection with "going away" so that clients reconnect to another instance. A send whose ack did not
 * come in time is retried by its client with the same clientMsgId, which never duplicates it.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final long POLL_MILLIS = 50;

    private final SocketRoutes sockets;
    private final PendingAcks pending;
    private final Duration drainTimeout;

    public GracefulShutdown(SocketRoutes sockets, PendingAcks pending, GatewayConfig config) {
        this.sockets = sockets;
        this.pending = pending;
        this.drainTimeout = config.drainTimeout();
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Blocks the shutdown (not an event loop) for at most the drain timeout. */
    public void drain() {
        sockets.drain();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (pending.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (pending.size() > 0) {
            LOG.warnf(
                    "%d sends still unacknowledged after %s; their clients retry elsewhere",
                    pending.size(), drainTimeout);
        }
        sockets.closeAll();
        LOG.info("draining done: every socket was told to reconnect elsewhere");
    }
}
