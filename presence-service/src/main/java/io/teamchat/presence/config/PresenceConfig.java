package io.teamchat.presence.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "chat.presence")
public interface PresenceConfig {

    /** Most user ids one {@code GET /api/presence} may ask about. */
    @WithDefault("200")
    int maxUserIds();

    /**
     * How long a closed socket is remembered, so that its {@code socket.connected} arriving late (redelivered
     * after its disconnect was processed) cannot bring it back.
     */
    @WithDefault("PT1H")
    Duration closedSocketTtl();

    /** How long to wait for a {@code presence.changed} XADD before the connection entry is retried. */
    @WithDefault("PT5S")
    Duration publishTimeout();

    /**
     * How often one replica looks for gateway instances whose heartbeat key expired and closes their sockets. The
     * heartbeat TTL (gateway-service) plus this interval bounds how long a dead instance's users stay online.
     */
    @WithDefault("5s")
    Duration sweepInterval();
}
