package io.teamchat.ratelimit;

import io.smallrye.mutiny.Uni;
import io.teamchat.common.redis.PipelinedRedis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the limits are counted: Lua scripts on one key under {@code <prefix>limits:}, each given {@code now} in ms
 * from Redis' own clock (so instances with skewed clocks agree), failing after {@code chat.rate-limits.timeout}.
 * A script goes by its SHA1 (EVALSHA): every send runs one, and EVAL would ship and hash its whole text each time.
 */
@ApplicationScoped
class LimitStore {

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /** A script as Redis runs it ({@code now} first) and its SHA1, the name Redis caches it by. */
    record Script(String text, String sha) {

        static Script of(String body) {
            String text = NOW + body;
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }

    /** Pipelined: every socket send runs a script, more at once than a pool's connections carry (PipelinedRedis). */
    private final PipelinedRedis redis;

    private final RateLimitsConfig config;
    private final String prefix;

    LimitStore(
            PipelinedRedis redis,
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

    /**
     * Runs {@code script} on {@code key} with {@code args} as ARGV: by its SHA1, and by its text when this Redis (a
     * restarted one, another node of a cluster) does not have it yet, which also caches it there.
     */
    Uni<Response> eval(Script script, String key, List<String> args) {
        return run("EVALSHA", script.sha(), key, args)
                .onFailure(LimitStore::isNoScript)
                .recoverWithUni(() -> run("EVAL", script.text(), key, args))
                .ifNoItem()
                .after(config.timeout())
                .fail();
    }

    private Uni<Response> run(String command, String script, String key, List<String> args) {
        String[] all = new String[3 + args.size()];
        all[0] = script;
        all[1] = "1";
        all[2] = key;
        for (int i = 0; i < args.size(); i++) {
            all[3 + i] = args.get(i);
        }
        return redis.execute(command, all);
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    Uni<Response> execute(String command, String... args) {
        return redis.execute(command, args).ifNoItem().after(config.timeout()).fail();
    }
}
