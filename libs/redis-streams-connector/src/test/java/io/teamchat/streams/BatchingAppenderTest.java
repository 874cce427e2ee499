package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.redis.PipelinedRedis;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.junit.jupiter.api.Test;

/**
 * The outgoing side under a burst (far more messages at once than one XADD at a time could keep up with), and with
 * every pooled Redis connection busy (it writes over a connection of its own).
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class BatchingAppenderTest {

    private static final int ROOMS = 7;
    private static final int PER_ROOM = 700;

    @Inject
    @Channel("burst-out")
    Emitter<EventEnvelope> emitter;

    @Inject
    ObjectMapper mapper;

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource pooled;

    @Inject
    PipelinedRedis pipelined;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @ConfigProperty(name = "quarkus.redis.max-pool-size")
    int poolSize;

    @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone")
    String clientType;

    @Test
    void appendsGoOnWhileEveryPooledConnectionIsBusy() throws Exception {
        // On a cluster the pool is per node and a BLPOP takes one node's; CLIENT LIST answers for one node.
        assumeTrue("standalone".equals(clientType), "one Redis: the pool to exhaust is the only one");
        EnvelopeWriter writer = new EnvelopeWriter(emitter, mapper);
        UUID room = UUID.randomUUID();
        // The channel's own connection and the one that watches are open before the pool is taken.
        writer.append(EventType.MESSAGE_SEND, Map.of("seq", 0), room)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        pipelined.execute("PING").await().atMost(Duration.ofSeconds(10));
        String blocked = prefix + "blocked:" + UUID.randomUUID();
        List<Uni<?>> holders = new ArrayList<>();
        for (int i = 0; i < poolSize + 2; i++) { // every pooled connection, and a queue behind them
            Uni<?> holder = pooled.execute("BLPOP", blocked, "20").memoize().indefinitely();
            holder.subscribe().with(ignored -> {}, ignored -> {});
            holders.add(holder);
        }
        try {
            // Every pooled connection not held open (the channels', the watcher's) is taken by a BLPOP.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (blockedClients() < poolSize - 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(blockedClients() >= poolSize - 4, "the pool's connections wait in BLPOP");
            writer.append(EventType.MESSAGE_SEND, Map.of("seq", 1), room)
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS); // the BLPOPs hold the pool for 20 s
        } finally {
            String[] wake = new String[holders.size() + 1];
            wake[0] = blocked;
            java.util.Arrays.fill(wake, 1, wake.length, "x");
            pipelined.execute("RPUSH", wake).await().atMost(Duration.ofSeconds(10));
        }
    }

    private long blockedClients() {
        String clients = pipelined
                .execute("CLIENT", "LIST")
                .await()
                .atMost(Duration.ofSeconds(5))
                .toString();
        return clients.lines().filter(line -> line.contains("cmd=blpop")).count();
    }

    @Test
    void aBurstIsAppendedWholeAndEachRoomKeepsItsOrderOnItsPartition() throws Exception {
        EnvelopeWriter writer = new EnvelopeWriter(emitter, mapper);
        String run = UUID.randomUUID().toString();
        List<UUID> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(UUID.randomUUID());
        }
        // Emitted from one thread without waiting, interleaved across rooms: 4,900 messages in flight at once.
        List<CompletableFuture<EventEnvelope>> appended = new ArrayList<>();
        for (int seq = 0; seq < PER_ROOM; seq++) {
            for (UUID room : rooms) {
                Map<String, Object> data = Map.of("run", run, "room", room.toString(), "seq", seq);
                appended.add(writer.append(EventType.MESSAGE_SEND, data, room).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Map<String, List<Integer>> seenPerRoom = new HashMap<>();
        for (int partition = 0; partition < 4; partition++) {
            String stream = prefix + "burst:{p" + partition + "}";
            for (var entry : redis.stream(String.class).xrange(stream, StreamRange.of("-", "+"))) {
                JsonNode data = mapper.readTree(entry.payload().get("payload")).get("data");
                if (!run.equals(data.get("run").asText())) {
                    continue; // an earlier run's entries
                }
                String room = data.get("room").asText();
                assertEquals(
                        StreamPartitions.keyOf(prefix + "burst", UUID.fromString(room), 4),
                        stream,
                        "a room's entries are on its own partition");
                seenPerRoom
                        .computeIfAbsent(room, key -> new ArrayList<>())
                        .add(data.get("seq").asInt());
            }
        }
        assertEquals(ROOMS, seenPerRoom.size());
        List<Integer> inOrder =
                java.util.stream.IntStream.range(0, PER_ROOM).boxed().toList();
        for (UUID room : rooms) {
            assertEquals(inOrder, seenPerRoom.get(room.toString()), "every entry of the room, once, in emit order");
        }
    }
}
