package io.teamchat.ratelimit;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the limits are counted: Lua scripts on one key under {@code <prefix>limits:}, each given {@code now} in ms
 * from Redis' own clock (so instances with skewed clocks agree), failing after {@code chat.rate-limits.timeout}.
 */
@ApplicationScoped
class LimitStore {

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private final ReactiveRedisDataSource redis;
    private final RateLimitsConfig config;
    private final String prefix;

    LimitStore(
            ReactiveRedisDataSource redis,
            RateLimitsConfig config,
            @ConfigProperty(name = "chat.streams.prefix", defaultValue = "chat:") String prefix) {
        this.redis = redis;
        this.config = config;
        this.prefix = prefix + "limits:";
    }

    String key(String kind, Object owner) {
        return prefix + kind + ":" + owner;
    }

    RateLimitsConfig config() {
        return config;
    }

    /** Runs {@code script} (which may read {@code now}) on {@code key} with {@code args} as ARGV. */
    Uni<Response> eval(String script, String key, List<String> args) {
        List<String> all = new ArrayList<>(List.of(NOW + script, "1", key));
        all.addAll(args);
        return redis.execute("EVAL", all.toArray(String[]::new))
                .ifNoItem()
                .after(config.timeout())
                .fail();
    }

    Uni<Response> execute(String command, String... args) {
        return redis.execute(command, args).ifNoItem().after(config.timeout()).fail();
    }
}
