package io.teamchat.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.teamchat.gateway.socket.SocketRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The gateway's own meters; tags have a handful of values only (no user, room or socket ids). */
@Startup // the gauges exist from the start, not from the first message
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

    private final MeterRegistry registry;
    private final Counter messagesIn;
    private final Counter messagesOut;

    public GatewayMetrics(MeterRegistry registry, SocketRegistry sockets) {
        this.registry = registry;
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
    }

    public void messageIn() {
        messagesIn.increment();
    }

    public void messagesOut(int sockets) {
        messagesOut.increment(sockets);
    }

    public void ackLatency(AckOutcome outcome, Duration latency) {
        Timer.builder("chat.gateway.send.ack.latency")
                .description("Time from a send-message to its ack")
                .tag("outcome", outcome.tag())
                .register(registry)
                .record(latency);
    }
}
