package io.teamchat.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.socket.SocketRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * The gateway's own meters (names and queries: docs/operations.md). Tags have a handful of values only (no user,
 * room or socket ids); every meter is registered at start so dashboards and alerts see zeros, not gaps.
 */
@Startup // the meters exist from the start, not from the first message
@ApplicationScoped
public class GatewayMetrics {

    /** Outcomes of a send-message, the only tag of the ack latency timer. */
    public enum AckOutcome {
        OK,
        REJECTED,
        TIMEOUT,
        ERROR;

        String tag() {
            return name().toLowerCase();
        }
    }

    /** Where an inbound event came from, the only tag of the inbound event counter. */
    public enum EventSource {
        ROOM_CHANNEL("room-channel"),
        /** Typing changes of its rooms (not domain events, counted here so a room's whole inbound shows). */
        TYPING_CHANNEL("typing-channel"),
        USER_STREAM("user-stream");

        private final String tag;

        EventSource(String tag) {
            this.tag = tag;
        }
    }

    /**
     * Bucket bounds of the latency histograms: the SLO's 50/100/250 ms plus enough around them for
     * histogram_quantile to place a p95 and p99.
     */
    static final Duration[] LATENCY_BUCKETS = millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);

    /** Socket sessions last from seconds to days. */
    static final Duration[] SESSION_BUCKETS = seconds(1, 10, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600);

    private final Counter messagesIn;
    private final Counter messagesOut;
    private final Counter rateLimited;
    private final Counter membershipCacheHits;
    private final Counter membershipCacheMisses;
    private final Timer deliveryLatency;
    private final Timer sessionDuration;
    private final Map<AckOutcome, Timer> ackLatency = new EnumMap<>(AckOutcome.class);
    private final Map<EventSource, Counter> eventsIn = new EnumMap<>(EventSource.class);

    public GatewayMetrics(MeterRegistry registry, SocketRegistry sockets) {
        Gauge.builder("chat.gateway.sockets.connected", sockets, SocketRegistry::connectedCount)
                .description("Authenticated Socket.IO sockets on this instance")
                .register(registry);
        Gauge.builder("chat.gateway.connections.open", sockets, SocketRegistry::openCount)
                .description("Open Engine.IO connections on this instance, authenticated or not")
                .register(registry);
        this.messagesIn = Counter.builder("chat.gateway.messages.in")
                .description("send-message commands published to the commands stream")
                .register(registry);
        this.messagesOut = Counter.builder("chat.gateway.messages.out")
                .description("message-received frames delivered to sockets")
                .register(registry);
        this.rateLimited = Counter.builder("chat.gateway.rate.limited")
                .description("send-message requests refused by the per-user rate limit")
                .register(registry);
        this.membershipCacheHits = cacheRequests(registry, "hit");
        this.membershipCacheMisses = cacheRequests(registry, "miss");
        for (AckOutcome outcome : AckOutcome.values()) {
            ackLatency.put(
                    outcome,
                    Timer.builder("chat.gateway.send.ack.latency")
                            .description("Time from a send-message to its ack")
                            .tag("outcome", outcome.tag())
                            .serviceLevelObjectives(LATENCY_BUCKETS)
                            .register(registry));
        }
        for (EventSource source : EventSource.values()) {
            eventsIn.put(
                    source,
                    Counter.builder("chat.gateway.events.in")
                            .description(
                                    "Events this instance received: its rooms' channels and typing channels, or the user-events stream every instance reads")
                            .tag("source", source.tag)
                            .register(registry));
        }
        this.deliveryLatency = Timer.builder("chat.gateway.send.delivery.latency")
                .description("Time from the send-message at any gateway to the message-received frames here")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.sessionDuration = Timer.builder("chat.gateway.socket.session.duration")
                .description("How long authenticated sockets stayed connected")
                .serviceLevelObjectives(SESSION_BUCKETS)
                .register(registry);
        sockets.onDeparture(departed -> sessionDuration.record(departed.connectedFor()));
    }

    private static Counter cacheRequests(MeterRegistry registry, String result) {
        return Counter.builder("chat.cache.requests")
                .description(
                        "Room lookups in the membership cache (room-service keeps it in Redis), by result: a miss is a room it holds no snapshot of")
                .tag("cache", "membership")
                .tag("result", result)
                .register(registry);
    }

    public void messageIn() {
        messagesIn.increment();
    }

    public void eventIn(EventSource source) {
        eventsIn.get(source).increment();
    }

    public void messagesOut(int sockets) {
        messagesOut.increment(sockets);
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void membershipCache(boolean hit) {
        (hit ? membershipCacheHits : membershipCacheMisses).increment();
    }

    public void ackLatency(AckOutcome outcome, Duration latency) {
        ackLatency.get(outcome).record(latency);
    }

    /**
     * A message sent as command {@code commandId} reached this instance's sockets. The command id is a UUIDv7
     * made by the sending gateway, so its timestamp is the send time even when another gateway took the send
     * (clocks synchronised by NTP, as on any cluster; a negative difference is recorded as zero).
     */
    public void delivered(UUID commandId) {
        if (commandId == null || commandId.version() != 7) {
            return; // sent over REST: no send time to measure from
        }
        long millis = System.currentTimeMillis() - UuidV7.epochMillis(commandId);
        deliveryLatency.record(Duration.ofMillis(Math.max(0, millis)));
    }

    private static Duration[] millis(long... values) {
        Duration[] result = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Duration.ofMillis(values[i]);
        }
        return result;
    }

    private static Duration[] seconds(long... values) {
        Duration[] result = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Duration.ofSeconds(values[i]);
        }
        return result;
    }
}
