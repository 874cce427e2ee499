package io.teamchat.message.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.streams.EnvelopeReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Outcomes awaited by this replica's REST commands: whichever replica applied a command, its outcome is on the
 * events stream, which this replica reads (no group) <em>only while</em> one of its REST commands waits. Socket sends
 * never wait here (the gateways hear their outcomes on the rooms' channels), so under socket load message-service
 * does not read back every event it wrote. A read starts from the stream's last id, taken before the awaited command
 * is appended, so its outcome cannot be missed; it goes on, entry by entry, until nothing is awaited any more.
 */
@ApplicationScoped
public class CommandOutcomes {

    private static final Logger LOG = Logger.getLogger(CommandOutcomes.class);
    private static final Duration BLOCK = Duration.ofSeconds(1);
    private static final int ENTRIES_PER_READ = 512;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Map<UUID, CompletableFuture<EventEnvelope>> awaited = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final StreamCommands<String, String, String> streams;
    private final String stream;
    private final Thread reader;
    /** The id after which the read goes on; null while nothing is awaited (the stream is not read). Guarded by this. */
    private String position;

    private volatile boolean running = true;

    public CommandOutcomes(
            ObjectMapper mapper, RedisDataSource redis, @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.mapper = mapper;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.stream = prefix + "events";
        this.reader = Thread.ofPlatform().daemon().name("outcomes-" + stream).start(this::run);
    }

    /**
     * The future of {@code commandId}'s outcome; call it before the command is appended. Throws a 503 when Redis
     * cannot say where the events stream ends (the command could not be appended either).
     */
    CompletableFuture<EventEnvelope> expect(UUID commandId) {
        CompletableFuture<EventEnvelope> outcome = new CompletableFuture<>();
        synchronized (this) {
            if (position == null) {
                position = lastId();
                LockSupport.unpark(reader);
            }
            awaited.put(commandId, outcome);
        }
        return outcome;
    }

    void forget(UUID commandId) {
        awaited.remove(commandId);
    }

    /** True while the events stream is read (something is awaited); for tests and diagnostics. */
    public synchronized boolean reading() {
        return position != null;
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        LockSupport.unpark(reader);
    }

    private String lastId() {
        try {
            List<StreamMessage<String, String, String>> last = streams.xrevrange(stream, StreamRange.of("+", "-"), 1);
            return last.isEmpty() ? "0-0" : last.get(0).id();
        } catch (RuntimeException e) {
            throw new ProblemException(503, "Service Unavailable", "The request could not be queued; retry it.");
        }
    }

    private void run() {
        while (running) {
            String from;
            synchronized (this) {
                if (awaited.isEmpty()) {
                    position = null;
                }
                from = position;
            }
            if (from == null) {
                LockSupport.park(this);
                continue;
            }
            try {
                String last = from;
                List<StreamMessage<String, String, String>> entries =
                        streams.xread(stream, from, new XReadArgs().block(BLOCK).count(ENTRIES_PER_READ));
                for (StreamMessage<String, String, String> entry : entries) {
                    complete(entry.payload().get("payload"));
                    last = entry.id();
                }
                synchronized (this) {
                    position = last; // only this thread clears it, so it is still set
                }
            } catch (RuntimeException e) {
                LOG.warnf("could not read %s for awaited outcomes, retrying: %s", stream, e.toString());
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    private void complete(String payload) {
        if (payload == null) {
            return;
        }
        EnvelopeReader.read(payload, mapper, stream).ifPresent(event -> {
            JsonNode commandId = event.data() == null ? null : event.data().get("commandId");
            if (commandId == null || !commandId.isTextual()) {
                return;
            }
            CompletableFuture<EventEnvelope> outcome;
            try {
                outcome = awaited.remove(UUID.fromString(commandId.asText()));
            } catch (IllegalArgumentException notAnId) {
                return;
            }
            if (outcome != null) {
                outcome.complete(event);
            }
        });
    }
}
