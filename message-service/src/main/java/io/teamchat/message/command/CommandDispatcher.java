package io.teamchat.message.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.message.events.EventPublisher;
import io.teamchat.message.replica.OwnWrites;
import io.teamchat.streams.EnvelopeReader;
import io.teamchat.streams.PartitionedStreamConsumer;
import io.teamchat.streams.PartitionedStreamConsumer.Entry;
import io.teamchat.streams.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads this replica's share of the command partitions and applies each read as one batch: a read spans every
 * partition the replica owns (PartitionedStreamConsumer), so under load one batch holds the commands of many rooms.
 * One transaction for all its commands (each run of one type goes to that type's {@link CommandHandler}; the
 * entries come partition after partition, each in stream order, so every room's commands keep their order), then
 * one pipelined publish of all outcomes, then the XACKs (one per partition, pipelined). A crash anywhere before
 * the XACK leaves the batch pending; it is applied again by whoever owns the partition next, and the handlers'
 * idempotency (unique keys) makes that safe.
 */
@ApplicationScoped
public class CommandDispatcher {

    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    private final Map<EventType, CommandHandler> handlers = new EnumMap<>(EventType.class);
    private final EventPublisher events;
    private final ObjectMapper mapper;
    private final PartitionedStreamConsumer consumer;
    private final DistributionSummary batchSizes;
    private final Timer commandWaits;
    private final Timer batchTimes;
    private final Tracer tracer;
    private final OwnWrites ownWrites;

    public CommandDispatcher(
            @Any Instance<CommandHandler> handlers,
            EventPublisher events,
            ObjectMapper mapper,
            RedisDataSource redis,
            CommandsConfig config,
            MeterRegistry meters,
            Tracer tracer,
            OwnWrites ownWrites) {
        this.tracer = tracer;
        this.ownWrites = ownWrites;
        for (CommandHandler handler : handlers) {
            CommandHandler other = this.handlers.put(handler.type(), handler);
            if (other != null) {
                throw new IllegalStateException(
                        "two handlers of " + handler.type().wireName());
            }
        }
        this.events = events;
        this.mapper = mapper;
        this.batchSizes = DistributionSummary.builder("chat.commands.batch.size")
                .description("commands applied per transaction")
                // buckets, so /q/metrics shows how the batches grow with the load (scripts/bench/cpu-sampler.mjs)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(meters);
        // Where a command's time goes before its outcome is published: queued in its partition, then its batch.
        Duration[] latencyBuckets = Stream.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)
                .map(Duration::ofMillis)
                .toArray(Duration[]::new);
        this.commandWaits = Timer.builder("chat.commands.wait")
                .description("from a command's append to its partition until its batch starts")
                .serviceLevelObjectives(latencyBuckets)
                .register(meters);
        this.batchTimes = Timer.builder("chat.commands.batch.duration")
                .description("one batch: its transaction and the publish of its outcomes")
                .serviceLevelObjectives(latencyBuckets)
                .register(meters);
        this.consumer = new PartitionedStreamConsumer(
                redis, PartitionedStreamConsumer.Settings.of(config, "message-service"), this::apply);
    }

    void start(@Observes StartupEvent event) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop();
    }

    /** The partitions this replica reads now (for tests and diagnostics). */
    public Set<Integer> ownedPartitions() {
        return consumer.ownedPartitions();
    }

    void apply(List<Entry> entries) {
        long started = System.currentTimeMillis();
        for (Entry entry : entries) {
            recordWait(entry, started);
        }
        Map<String, Span> spans = new HashMap<>();
        try {
            List<List<EventEnvelope>> runs = runsByType(entries, spans);
            if (runs.isEmpty()) {
                return;
            }
            CommandBatch batch = new CommandBatch(mapper);
            QuarkusTransaction.requiringNew().run(() -> {
                for (List<EventEnvelope> run : runs) {
                    handlers.get(run.get(0).type()).apply(run, batch);
                }
                // Read-your-writes on a read replica: each writer's next reads wait for this transaction.
                ownWrites.record(writers(runs));
            });
            // Each outcome continues its command's trace, so the delivering gateway's span joins the sender's.
            events.publishAll(batch.outcomes(), outcome -> {
                Span span = spans.get(outcome.data().path("commandId").asText());
                return span == null ? null : TraceContext.of(Context.root().with(span));
            });
            batchSizes.record(entries.size());
            batchTimes.record(System.currentTimeMillis() - started, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            spans.values().forEach(span -> span.recordException(e).setStatus(StatusCode.ERROR));
            throw e;
        } finally {
            spans.values().forEach(Span::end);
        }
    }

    /** A stream entry's id starts with the Redis clock's milliseconds at its append. */
    private void recordWait(Entry entry, long now) {
        int dash = entry.id().indexOf('-');
        try {
            long appended = Long.parseLong(dash < 0 ? entry.id() : entry.id().substring(0, dash));
            commandWaits.record(Math.max(0, now - appended), TimeUnit.MILLISECONDS);
        } catch (NumberFormatException notAnId) {
            // ids come from Redis; a test's hand-made entry may not have one
        }
    }

    /** The users whose commands the batch holds (every command names its {@code userId}). */
    private static List<UUID> writers(List<List<EventEnvelope>> runs) {
        List<UUID> writers = new ArrayList<>();
        for (List<EventEnvelope> run : runs) {
            for (EventEnvelope command : run) {
                String userId = command.data() == null
                        ? ""
                        : command.data().path("userId").asText("");
                try {
                    writers.add(UUID.fromString(userId));
                } catch (IllegalArgumentException malformed) {
                    // refused by its handler; nothing of it was written
                }
            }
        }
        return writers;
    }

    /**
     * Readable commands with a handler, cut into runs of one type; the rest is logged and skipped (acked). Each
     * command gets a span in the trace its writer (the gateway) carried in the entry, by command id.
     */
    private List<List<EventEnvelope>> runsByType(List<Entry> entries, Map<String, Span> spans) {
        List<List<EventEnvelope>> runs = new ArrayList<>();
        for (Entry entry : entries) {
            EventEnvelope command =
                    EnvelopeReader.read(entry.payload(), mapper, entry.stream()).orElse(null);
            if (command == null) {
                continue;
            }
            if (!handlers.containsKey(command.type())) {
                LOG.debugf("no handler for %s on %s, skipped", command.type().wireName(), entry.stream());
                continue;
            }
            String commandId =
                    command.data().path("commandId").asText(command.id().toString());
            spans.put(
                    commandId,
                    tracer.spanBuilder("process " + command.type().wireName())
                            .setSpanKind(SpanKind.CONSUMER)
                            .setParent(TraceContext.restore(entry.traceparent()))
                            .setAttribute("messaging.system", "redis")
                            .setAttribute("messaging.destination.name", entry.stream())
                            .setAttribute("messaging.message.id", entry.id())
                            .startSpan());
            List<EventEnvelope> last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.get(0).type() == command.type()) {
                last.add(command);
            } else {
                runs.add(new ArrayList<>(List.of(command)));
            }
        }
        return runs;
    }
}
