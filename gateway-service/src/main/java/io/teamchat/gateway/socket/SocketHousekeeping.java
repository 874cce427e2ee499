package io.teamchat.gateway.socket;

import io.quarkus.runtime.StartupEvent;
import io.teamchat.gateway.housekeeping.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Each second: closes sockets whose access token expired (the registry keeps them by expiry: no scan of all). */
@ApplicationScoped
public class SocketHousekeeping {

    private static final Logger LOG = Logger.getLogger(SocketHousekeeping.class);

    private final SocketRegistry registry;

    public SocketHousekeeping(SocketRegistry registry) {
        this.registry = registry;
    }

    void start(@Observes StartupEvent event, Housekeeping housekeeping) {
        housekeeping.onTick(this::tick);
    }

    void tick() {
        Instant now = Instant.now();
        for (SocketSession socket : registry.tokenExpiredBy(now)) {
            LOG.debugf("closing connection %s: access token expired", socket.connectionId());
            socket.closeExpired();
        }
    }
}
