package io.teamchat.gateway.messages;

import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.housekeeping.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window limit on send-message per user (default 20 per 10 s). Kept per gateway instance: a user whose
 * sockets sit on several instances gets the limit on each (documented in the README).
 */
@ApplicationScoped
public class RateLimiter {

    private final int limit;
    private final Duration window;
    private final long windowNanos;
    private final ConcurrentHashMap<UUID, ArrayDeque<Long>> sends = new ConcurrentHashMap<>();

    public RateLimiter(GatewayConfig config, Housekeeping housekeeping) {
        this.limit = config.rateLimit().messages();
        this.window = config.rateLimit().window();
        this.windowNanos = window.toNanos();
        housekeeping.onTick(this::purgeIdle);
    }

    /** Counts one send; false (and not counted) when the user is over the limit. */
    public boolean tryAcquire(UUID userId) {
        long now = System.nanoTime();
        ArrayDeque<Long> times = sends.computeIfAbsent(userId, id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    private void purgeIdle() {
        long now = System.nanoTime();
        sends.entrySet().removeIf(entry -> {
            ArrayDeque<Long> times = entry.getValue();
            synchronized (times) {
                return times.isEmpty() || now - times.peekLast() >= windowNanos;
            }
        });
    }
}
