package io.teamchat.gateway.presence;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.socket.ConnectionEvents;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells presence-service this instance is alive: {@code <prefix>presence:gateway:<instance id>} renewed every
 * {@code chat.gateway.heartbeat.interval} with a TTL of {@code chat.gateway.heartbeat.ttl}. If this instance dies,
 * the key expires and presence-service closes its sockets. If the key was found gone while this instance lived
 * (a pause longer than the TTL, Redis lost its keys), presence-service may already have closed its sockets, so it
 * ends every connection here: the clients reconnect at once and are counted afresh.
 */
@ApplicationScoped
public class InstanceHeartbeat {

    private static final Logger LOG = Logger.getLogger(InstanceHeartbeat.class);
    /** Websocket close code 1012 "service restart": clients reconnect. */
    static final int CLOSE_RECONNECT = 1012;

    private final ReactiveRedisDataSource redis;
    private final SocketRegistry registry;
    private final Vertx vertx;
    private final String key;
    private final Duration interval;
    private final Duration ttl;
    private long timerId = -1;

    public InstanceHeartbeat(
            ReactiveRedisDataSource redis,
            SocketRegistry registry,
            ConnectionEvents connections,
            Vertx vertx,
            GatewayConfig config,
            @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.redis = redis;
        this.registry = registry;
        this.vertx = vertx;
        this.key = prefix + "presence:gateway:" + connections.gatewayId();
        this.interval = config.heartbeat().interval();
        this.ttl = config.heartbeat().ttl();
    }

    /** The first beat is written at start-up, before any socket of this instance can have reached presence-service. */
    void start(@Observes StartupEvent event) {
        set(false).await().atMost(Duration.ofSeconds(10));
        timerId = vertx.setPeriodic(interval.toMillis(), id -> beat());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        // A clean stop: presence-service sweeps at once whatever disconnect events did not get out.
        try {
            redis.key().del(key).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat key not deleted at shutdown: %s", e.getMessage());
        }
    }

    void beat() {
        set(true)
                .subscribe()
                .with(
                        renewed -> {
                            if (!renewed) {
                                lost();
                            }
                        },
                        failure -> LOG.warnf("heartbeat not written, next beat retries: %s", failure.getMessage()));
    }

    /** SET with the TTL; {@code onlyIfPresent} (XX): false when the key had expired. */
    private io.smallrye.mutiny.Uni<Boolean> set(boolean onlyIfPresent) {
        String now = Long.toString(System.currentTimeMillis());
        String px = Long.toString(ttl.toMillis());
        var command = onlyIfPresent
                ? redis.execute("SET", key, now, "PX", px, "XX")
                : redis.execute("SET", key, now, "PX", px);
        return command.map(InstanceHeartbeat::isOk);
    }

    private void lost() {
        LOG.warnf("heartbeat key %s had expired: ending this instance's connections so clients reconnect", key);
        set(false).subscribe().with(ok -> {}, failure -> LOG.warnf("heartbeat not rewritten: %s", failure));
        for (SocketSession socket : registry.connected()) {
            socket.close(CLOSE_RECONNECT, "presence lost, reconnect");
        }
    }

    private static boolean isOk(Response response) {
        return response != null && "OK".equals(response.toString());
    }
}
