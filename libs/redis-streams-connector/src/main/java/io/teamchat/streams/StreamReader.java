package io.teamchat.streams;

import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Reads one stream for one incoming channel, in batches, as downstream asks for messages.
 *
 * <p>With a group: first this consumer's own pending entries (left from before a restart), then new entries
 * ({@code >}), and every claim interval the entries other consumers left pending too long (XAUTOCLAIM). An entry
 * is XACKed only when its message is acked, so work that fails or dies is delivered again.
 *
 * <p>Without a group: every entry after the stream's last id at start, by explicit ids so none is skipped
 * between two reads.
 */
final class StreamReader {

    private static final Logger LOG = Logger.getLogger(StreamReader.class);
    private static final String PAYLOAD_FIELD = "payload";
    /** Entries that failed {@code max-deliveries} times go to {@code <stream>:dead-letter}. */
    static final String DEAD_LETTER_SUFFIX = ":dead-letter";

    private final ReactiveStreamCommands<String, String, String> commands;
    private final InboundSettings settings;
    private volatile boolean running = true;
    private volatile boolean ownPendingDrained;
    /** Where the replay of this consumer's own pending entries goes on: each is replayed once per start. */
    private volatile String ownPendingCursor = "0";
    /** Failed deliveries per entry, for the dead-letter limit (kept in memory: a restart grants new tries). */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    private volatile long nextClaimAt;
    private volatile String lastId;

    StreamReader(ReactiveStreamCommands<String, String, String> commands, InboundSettings settings) {
        this.commands = commands;
        this.settings = settings;
    }

    Multi<Message<String>> messages() {
        return prepare()
                .onItem()
                .transformToMulti(ignored ->
                        Multi.createBy().repeating().uni(this::nextBatch).whilst(batch -> running))
                .onItem()
                .transformToIterable(batch -> batch)
                .onItem()
                .transform(this::toMessage);
    }

    void stop() {
        running = false;
    }

    private Uni<Void> prepare() {
        if (settings.group().isPresent()) {
            return ensureGroup();
        }
        return commands.xrevrange(settings.stream(), StreamRange.of("+", "-"), 1)
                .invoke(last -> lastId = last.isEmpty() ? "0-0" : last.get(0).id())
                .replaceWithVoid()
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .indefinitely();
    }

    private Uni<Void> ensureGroup() {
        String group = settings.group().orElseThrow();
        return commands.xgroupCreate(settings.stream(), group, "0", new XGroupCreateArgs().mkstream())
                .onFailure(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP"))
                .recoverWithNull()
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .indefinitely();
    }

    private Uni<List<StreamMessage<String, String, String>>> nextBatch() {
        Uni<List<StreamMessage<String, String, String>>> read = settings.group().isPresent()
                ? readAsGroupMember(settings.group().get())
                : readAll();
        return read.onFailure(e -> !running)
                .recoverWithItem(List.of())
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "reading stream %s for channel %s failed: %s",
                        settings.stream(), settings.channel(), e.getMessage()))
                .onFailure()
                .call(e -> settings.group().isPresent()
                        ? ensureGroup()
                        : Uni.createFrom().voidItem())
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .indefinitely();
    }

    private Uni<List<StreamMessage<String, String, String>>> readAll() {
        XReadArgs args = new XReadArgs().count(settings.batchSize()).block(settings.block());
        return commands.xread(settings.stream(), lastId, args).invoke(batch -> {
            if (!batch.isEmpty()) {
                lastId = batch.get(batch.size() - 1).id();
            }
        });
    }

    private Uni<List<StreamMessage<String, String, String>>> readAsGroupMember(String group) {
        if (!ownPendingDrained) {
            // Id "0" returns entries delivered to this consumer name but never acked (e.g. before a crash).
            return commands.xreadgroup(
                            group,
                            settings.consumer(),
                            settings.stream(),
                            ownPendingCursor,
                            new XReadGroupArgs().count(settings.batchSize()))
                    .invoke(batch -> {
                        if (batch.isEmpty()) {
                            ownPendingDrained = true;
                        } else {
                            ownPendingCursor = batch.get(batch.size() - 1).id();
                        }
                    });
        }
        long now = System.currentTimeMillis();
        if (now >= nextClaimAt) {
            nextClaimAt = now + settings.claimInterval().toMillis();
            return commands.xautoclaim(
                            settings.stream(),
                            group,
                            settings.consumer(),
                            settings.claimMinIdle(),
                            "0-0",
                            settings.batchSize())
                    .map(claimed -> claimed.getMessages().stream()
                            .filter(m -> m.payload() != null)
                            .toList())
                    .invoke(claimed -> {
                        if (!claimed.isEmpty()) {
                            LOG.infof(
                                    "channel %s reclaimed %d stale entries of %s",
                                    settings.channel(), claimed.size(), settings.stream());
                        }
                    });
        }
        return commands.xreadgroup(
                group,
                settings.consumer(),
                settings.stream(),
                ">",
                new XReadGroupArgs().count(settings.batchSize()).block(settings.block()));
    }

    private Message<String> toMessage(StreamMessage<String, String, String> entry) {
        String payload = entry.payload() == null ? null : entry.payload().get(PAYLOAD_FIELD);
        String traceparent = entry.payload() == null ? null : entry.payload().get(TraceContext.FIELD);
        Metadata metadata = Metadata.of(new RedisStreamMetadata(entry.key(), entry.id(), traceparent));
        return Message.of(payload, metadata, () -> ack(entry.id()), failure -> nack(entry, failure));
    }

    private CompletionStage<Void> ack(String entryId) {
        if (settings.group().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        failures.remove(entryId);
        return commands.xack(settings.stream(), settings.group().get(), entryId)
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private CompletionStage<Void> nack(StreamMessage<String, String, String> entry, Throwable failure) {
        String reason = failure == null ? "unknown" : String.valueOf(failure.getMessage());
        if (settings.group().isEmpty()) {
            LOG.warnf(
                    "channel %s: entry %s of %s not processed: %s",
                    settings.channel(), entry.id(), settings.stream(), reason);
            return CompletableFuture.completedFuture(null);
        }
        int failed = failures.merge(entry.id(), 1, Integer::sum);
        if (failed < settings.maxDeliveries()) {
            // Left pending on purpose: after claim-min-idle it is claimed and delivered again.
            LOG.warnf(
                    "channel %s: entry %s of %s failed (%d of %d tries), will be retried: %s",
                    settings.channel(), entry.id(), settings.stream(), failed, settings.maxDeliveries(), reason);
            return CompletableFuture.completedFuture(null);
        }
        // A poison entry: park it on the dead-letter stream and ack it, so it cannot block or loop forever.
        failures.remove(entry.id());
        String deadLetters = settings.stream() + DEAD_LETTER_SUFFIX;
        LOG.errorf(
                "channel %s: entry %s of %s failed %d times, moved to %s: %s",
                settings.channel(), entry.id(), settings.stream(), failed, deadLetters, reason);
        Map<String, String> fields = new HashMap<>();
        fields.put(PAYLOAD_FIELD, entry.payload() == null ? "" : entry.payload().getOrDefault(PAYLOAD_FIELD, ""));
        fields.put("entryId", entry.id());
        fields.put("reason", reason);
        return commands.xadd(deadLetters, fields)
                .chain(() -> commands.xack(settings.stream(), settings.group().get(), entry.id()))
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }
}
