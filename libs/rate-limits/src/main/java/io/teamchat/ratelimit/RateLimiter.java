package io.teamchat.ratelimit;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sliding-window limits per user and {@link Action}, counted in Redis so that every gateway and every
 * message-service replica spend from one budget: a sorted set {@code <prefix>limits:<action>:<userId>} of the
 * times of the allowed actions in the last window (Redis' own clock, so instances with skewed clocks agree). A
 * refused action is not counted. When Redis does not answer the action is allowed (logged): the limit protects the
 * chat, it never stops it.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    /** KEYS[1] the set; ARGV: window ms, limit, a unique member. Returns {1, 0} or {0, ms until room}. */
    private static final LimitStore.Script ACQUIRE = LimitStore.Script.of("""
            local window = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              return {0, tonumber(oldest[2]) + window - now}
            end
            redis.call('ZADD', KEYS[1], now, ARGV[3])
            redis.call('PEXPIRE', KEYS[1], window)
            return {1, 0}
            """);

    private final LimitStore store;
    /** Members of the sets: unique across processes (a random id) and sends (a counter); a SecureRandom UUID per send costs more. */
    private final String instance = UUID.randomUUID().toString();

    private final AtomicLong counted = new AtomicLong();

    RateLimiter(LimitStore store) {
        this.store = store;
    }

    /** Counts one action of the user if the window has room; never fails (Redis trouble allows it). */
    public Uni<Verdict> acquire(Action action, UUID userId) {
        int limit = action.limit(store.config());
        Duration window = action.window(store.config());
        List<String> args = List.of(
                Long.toString(window.toMillis()), Integer.toString(limit), instance + ':' + counted.incrementAndGet());
        return store.eval(ACQUIRE, store.key(action.key(), userId), args)
                .map(reply -> new Verdict(
                        reply.get(0).toInteger() == 1,
                        action,
                        limit,
                        window,
                        Duration.ofMillis(Math.max(0, reply.get(1).toLong()))))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("rate-limit store unreachable, not limiting %s: %s", action, failure.toString());
                    return new Verdict(true, action, limit, window, Duration.ZERO);
                });
    }

    /** {@link #acquire} for blocking callers (REST resources on worker threads): 429 when refused. */
    public void require(Action action, UUID userId) {
        Verdict verdict = acquire(action, userId).await().indefinitely();
        if (!verdict.allowed()) {
            throw verdict.toException();
        }
    }
}
