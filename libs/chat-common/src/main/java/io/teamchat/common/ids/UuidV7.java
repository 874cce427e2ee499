package io.teamchat.common.ids;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): the first 48 bits are Unix milliseconds, so id order is creation order.
 * Within one JVM ids are strictly increasing, even within the same millisecond, because the 12-bit
 * {@code rand_a} field is used as a counter (RFC 9562, method 1).
 */
public final class UuidV7 {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** (millis << 12 | counter) of the last id handed out. */
    private static final AtomicLong LAST = new AtomicLong();

    private UuidV7() {}

    public static UUID generate() {
        long next = LAST.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() << 12));
        long millis = next >>> 12;
        long counter = next & 0xFFF;
        long msb = (millis << 16) | (0x7L << 12) | counter;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** The Unix milliseconds an id was made at (its first 48 bits), e.g. to measure how long ago a command was sent. */
    public static long epochMillis(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a version 7 UUID: " + id);
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
