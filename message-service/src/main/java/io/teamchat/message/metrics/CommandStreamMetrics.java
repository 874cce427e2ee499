package io.teamchat.message.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.message.command.CommandsConfig;
import io.teamchat.streams.StreamPartitions;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The command path as Redis sees it, for the message-path dashboard and the lag/pending/dead-letter alerts: per
 * command partition ({@code <stream>:{p<n>}}) the consumer group's lag (entries not yet read) and pending entries (read, not yet
 * acked), and the length of the stream's dead-letter stream. Polled with non-blocking XINFO/XLEN calls every
 * {@code chat.metrics.stream-poll-interval}; a scrape only reads the last values, so it never waits on Redis.
 */
@ApplicationScoped
public class CommandStreamMetrics {

    private static final Logger LOG = Logger.getLogger(CommandStreamMetrics.class);

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final List<StreamGauges> streams;
    private final Duration interval;
    /** the consumer group CommandDispatcher reads the partitions with */
    private static final String GROUP = "message-service";

    private long timerId = -1;

    /** One stream's last polled values; -1 until the first poll answered. */
    private record StreamGauges(String stream, AtomicLong lag, AtomicLong pending, AtomicLong deadLetters) {}

    public CommandStreamMetrics(
            ReactiveRedisDataSource redis,
            Vertx vertx,
            MeterRegistry registry,
            CommandsConfig commands,
            @ConfigProperty(name = "chat.metrics.stream-poll-interval", defaultValue = "5s") Duration interval) {
        this.redis = redis;
        this.vertx = vertx;
        this.interval = interval;
        this.streams = IntStream.range(0, commands.partitions())
                .mapToObj(p -> StreamPartitions.key(commands.stream(), p))
                .map(name -> new StreamGauges(name, new AtomicLong(-1), new AtomicLong(-1), new AtomicLong(-1)))
                .toList();
        for (StreamGauges s : streams) {
            // the "stream" tag has one value per command partition: a fixed, small set
            Tags tags = Tags.of("stream", s.stream(), "group", GROUP);
            Gauge.builder("chat.stream.group.lag", s.lag(), AtomicLong::get)
                    .description("Entries of the stream the consumer group has not read yet")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("chat.stream.group.pending", s.pending(), AtomicLong::get)
                    .description("Entries the consumer group read but has not acked")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("chat.stream.dead.letters", s.deadLetters(), AtomicLong::get)
                    .description("Entries in the stream's <stream>:dead-letter stream")
                    .tag("stream", s.stream())
                    .register(registry);
        }
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(0, interval.toMillis(), id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void poll() {
        for (StreamGauges s : streams) {
            redis.execute("XINFO", "GROUPS", s.stream())
                    .subscribe()
                    .with(groups -> readGroup(s, groups), failure -> noStreamYet(s, failure));
            redis.execute("XLEN", s.stream() + ":dead-letter")
                    .subscribe()
                    .with(
                            length -> s.deadLetters().set(length.toLong()),
                            failure -> LOG.debugf("XLEN of %s:dead-letter failed: %s", s.stream(), failure));
        }
    }

    private void readGroup(StreamGauges s, Response groups) {
        for (Response group : groups) {
            if (GROUP.equals(String.valueOf(group.get("name")))) {
                s.pending().set(group.get("pending").toLong());
                Response lag = group.get("lag"); // null (nil) when Redis cannot tell, e.g. after XDEL
                if (lag != null) {
                    s.lag().set(lag.toLong());
                }
                return;
            }
        }
    }

    private void noStreamYet(StreamGauges s, Throwable failure) {
        // XINFO on a stream that does not exist yet fails: nothing sent so far, nothing behind
        LOG.debugf("XINFO GROUPS %s failed: %s", s.stream(), failure.getMessage());
    }
}
