package io.teamchat.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.redis.PipelinedRedis;
import io.vertx.mutiny.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The outgoing side of a {@code redis-streams} channel. One XADD round trip per message caps a channel at the
 * inverse of Redis' latency (about a thousand messages a second on a loaded machine), so messages that arrive
 * while a write is in flight are queued and written next as one pipelined batch per stream key: idle, a message
 * goes out alone at once; under load, batches grow and the cost per message falls.
 *
 * <p>Order: one batch in flight at a time, and every entry goes over the channel's one pipelined connection
 * ({@link PipelinedRedis}) in order, so entries reach each stream in the order they were emitted (a room's commands
 * keep their order). A batch per stream key keeps every batch within one Redis Cluster slot.
 *
 * <p>Not the pool: it holds a connection for a batch's whole round trip, and one write sends a batch per partition
 * at once (16 by default), so under load the writes queued for the pool's connections behind each other and behind
 * every other pooled command; a fresh gateway at 1,000 messages a second fell seconds behind.
 */
final class BatchingAppender implements Flow.Subscriber<Message<?>> {

    private static final Logger LOG = Logger.getLogger(BatchingAppender.class);

    private final PipelinedRedis redis;
    private final ObjectMapper mapper;
    private final OutboundSettings settings;
    private final ConcurrentLinkedQueue<Message<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    BatchingAppender(PipelinedRedis redis, ObjectMapper mapper, OutboundSettings settings) {
        this.redis = redis;
        this.mapper = mapper;
        this.settings = settings;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        // Emitters hand over at most this many unwritten messages; more is an overflow the sender sees as a failure.
        subscription.request(settings.maxPending());
    }

    @Override
    public void onNext(Message<?> message) {
        queue.add(message);
        writeNext();
    }

    @Override
    public void onError(Throwable failure) {
        LOG.warnf("channel %s stopped: %s", settings.channel(), failure.toString());
    }

    @Override
    public void onComplete() {
        // The application is stopping; queued messages are still written by the batch in flight's successors.
    }

    private void writeNext() {
        if (!writing.compareAndSet(false, true)) {
            return; // the batch in flight picks these up when it is done
        }
        List<Message<?>> batch = new ArrayList<>();
        Message<?> next;
        while (batch.size() < settings.maxBatch() && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            if (!queue.isEmpty()) {
                writeNext(); // a message arrived between the poll and the reset
            }
            return;
        }
        write(batch).subscribe().with(ignored -> done(batch), failure -> done(batch));
    }

    private void done(List<Message<?>> batch) {
        subscription.request(batch.size());
        writing.set(false);
        writeNext();
    }

    /** One pipelined batch per stream key, the keys in parallel; every message acked or nacked by its own result. */
    private Uni<Void> write(List<Message<?>> batch) {
        Map<String, List<Message<?>>> byStream = new LinkedHashMap<>();
        Map<String, List<Request>> requests = new LinkedHashMap<>();
        for (Message<?> message : batch) {
            Request xadd;
            String stream;
            try {
                stream = streamOf(message);
                xadd = XAdd.request(stream, settings.maxLength(), json(message), traceparent(message));
            } catch (RuntimeException e) {
                message.nack(e);
                continue;
            }
            byStream.computeIfAbsent(stream, key -> new ArrayList<>()).add(message);
            requests.computeIfAbsent(stream, key -> new ArrayList<>()).add(xadd);
        }
        if (byStream.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> writes = new ArrayList<>(byStream.size());
        byStream.forEach((stream, messages) ->
                writes.add(redis.batch(requests.get(stream)).onItemOrFailure().transformToUni((answers, failure) -> {
                    messages.forEach(message -> {
                        if (failure == null) {
                            message.ack();
                        } else {
                            message.nack(failure);
                        }
                    });
                    return Uni.createFrom().voidItem();
                })));
        return Uni.join().all(writes).andCollectFailures().replaceWithVoid();
    }

    private String streamOf(Message<?> message) {
        if (settings.partitions() <= 0) {
            return settings.stream();
        }
        PartitionKey key = message.getMetadata(PartitionKey.class).orElse(null);
        if (key == null || key.value() == null) {
            throw new IllegalArgumentException(
                    "channel " + settings.channel() + " is partitioned: the message needs a PartitionKey");
        }
        return StreamPartitions.keyOf(settings.stream(), key.value(), settings.partitions());
    }

    private String json(Message<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof String text) {
            return text;
        }
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("channel " + settings.channel() + ": payload is not JSON", e);
        }
    }

    private static String traceparent(Message<?> message) {
        return message.getMetadata(TraceContext.Outgoing.class)
                .map(TraceContext.Outgoing::traceparent)
                .orElse(null);
    }
}
