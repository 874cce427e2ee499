package io.teamchat.presence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.teamchat.presence.connections.SocketRegistry;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;

/** What the presence tests share: the real Redis, a gateway instance to play ({@link Connections}) and the {@link Probe}. */
abstract class PresenceTestBase {

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    /** For the names of its keys. */
    @Inject
    SocketRegistry registry;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    /** A heartbeating gateway instance. */
    Connections gateway;

    Probe probe;

    @BeforeEach
    void playTheGateway() {
        gateway = new Connections(redis, mapper, prefix);
        probe = new Probe(redis, mapper, prefix);
    }
}
