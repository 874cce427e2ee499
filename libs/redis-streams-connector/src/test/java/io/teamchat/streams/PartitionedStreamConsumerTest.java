package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.streams.PartitionedStreamConsumer.Entry;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Partition leases, take-over after a replica's death, per-key order across replicas, poison entries. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class PartitionedStreamConsumerTest {

    private static final int PARTITIONS = 4;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private final List<PartitionedStreamConsumer> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(PartitionedStreamConsumer::stop);
        started.clear();
    }

    private PartitionedStreamConsumer start(
            String stream, String name, int maxDeliveries, PartitionedStreamConsumer.BatchHandler handler) {
        PartitionedStreamConsumer consumer = new PartitionedStreamConsumer(
                redis,
                new PartitionedStreamConsumer.Settings(
                        stream,
                        PARTITIONS,
                        "workers",
                        name,
                        50,
                        Duration.ofMillis(100),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(200),
                        maxDeliveries),
                handler);
        consumer.start();
        started.add(consumer);
        return consumer;
    }

    /** "key|seq" entries, appended to the key's partition. */
    private void append(String stream, UUID key, String payload) {
        redis.stream(String.class).xadd(StreamPartitions.keyOf(stream, key, PARTITIONS), Map.of("payload", payload));
    }

    @Test
    void replicasShareThePartitionsAndADeadOnesMoveWithinSeconds() {
        String stream = prefix + "share";
        List<String> handled = new CopyOnWriteArrayList<>();
        PartitionedStreamConsumer.BatchHandler record = batch -> batch.forEach(e -> handled.add(e.payload()));
        PartitionedStreamConsumer a = start(stream, "replica-a", 5, record);
        PartitionedStreamConsumer b = start(stream, "replica-b", 5, record);

        await(
                "two replicas own two partitions each",
                () -> a.ownedPartitions().size() == 2 && b.ownedPartitions().size() == 2);
        Set<Integer> all = new HashSet<>(a.ownedPartitions());
        all.addAll(b.ownedPartitions());
        assertEquals(Set.of(0, 1, 2, 3), all, "disjoint shares covering every partition");

        Set<Integer> orphaned = a.ownedPartitions();
        long killedAt = System.nanoTime();
        a.kill();
        await("the survivor owns every partition", () -> b.ownedPartitions().size() == PARTITIONS);
        long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(movedMs < 5_000, "partitions moved in " + movedMs + " ms");

        UUID key = keyIn(orphaned.iterator().next());
        append(stream, key, "after-the-death");
        await("an orphaned partition is read again", () -> handled.contains("after-the-death"));
    }

    @Test
    void entriesPendingAtADeathAreFinishedByTheNextOwnerBeforeNewOnes() {
        String stream = prefix + "takeover";
        UUID key = UUID.randomUUID();
        List<String> handledByB = new CopyOnWriteArrayList<>();
        PartitionedStreamConsumer[] a = new PartitionedStreamConsumer[1];
        a[0] = start(stream, "replica-a", 5, batch -> {
            if (batch.stream().anyMatch(e -> e.payload().equals("dies-here"))) {
                a[0].kill(); // like kill -9 in the middle of the batch: nothing of it is acked
                throw new IllegalStateException("killed");
            }
        });
        await("a owns everything", () -> a[0].ownedPartitions().size() == PARTITIONS);
        append(stream, key, "dies-here");
        await("a died", () -> a[0].ownedPartitions().isEmpty());
        append(stream, key, "later");

        start(stream, "replica-b", 5, batch -> batch.forEach(e -> handledByB.add(e.payload())));
        await("b finished the orphaned entry and the later one", () -> handledByB.size() == 2);
        assertEquals(List.of("dies-here", "later"), handledByB, "the pending entry first, in stream order");
        awaitNothingPending(stream);
    }

    @Test
    void aReplicaStoppedMidBatchAcksItSoTheNextOwnerDoesNotHandleItAgain() throws Exception {
        String stream = prefix + "handover";
        UUID key = UUID.randomUUID();
        CountDownLatch inBatch = new CountDownLatch(1);
        PartitionedStreamConsumer a = start(stream, "replica-a", 5, batch -> {
            if (batch.stream().anyMatch(e -> e.payload().equals("last-of-a"))) {
                inBatch.countDown();
                sleep(300); // the stop arrives while this batch runs; its XACK would have gone with the next read
            }
        });
        await("a owns everything", () -> a.ownedPartitions().size() == PARTITIONS);
        append(stream, key, "last-of-a");
        assertTrue(inBatch.await(15, TimeUnit.SECONDS), "a handles the entry");
        a.stop();
        started.remove(a);
        awaitNothingPending(stream);

        List<String> handledByB = new CopyOnWriteArrayList<>();
        start(stream, "replica-b", 5, batch -> batch.forEach(e -> handledByB.add(e.payload())));
        append(stream, key, "first-of-b");
        await("b reads the partition", () -> handledByB.contains("first-of-b"));
        assertEquals(List.of("first-of-b"), handledByB, "a's last batch was acked when it stopped");
    }

    @Test
    void aRoomsOrderHoldsAcrossReplicasAndATakeOver() throws Exception {
        String stream = prefix + "order";
        int rooms = 12;
        int perRoom = 40;
        List<UUID> keys = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            keys.add(UUID.randomUUID());
        }
        Map<UUID, List<Integer>> seen = new ConcurrentHashMap<>();
        PartitionedStreamConsumer.BatchHandler record = batch -> {
            for (Entry entry : batch) {
                String[] parts = entry.payload().split("\\|");
                seen.computeIfAbsent(UUID.fromString(parts[0]), k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(parts[1]));
            }
        };
        PartitionedStreamConsumer a = start(stream, "replica-a", 5, record);
        start(stream, "replica-b", 5, record);
        await("both replicas read", () -> a.ownedPartitions().size() == 2);

        Thread producer = Thread.ofPlatform().start(() -> {
            for (int seq = 0; seq < perRoom; seq++) {
                for (UUID key : keys) {
                    append(stream, key, key + "|" + seq);
                }
                if (seq == perRoom / 2) {
                    a.kill();
                    start(stream, "replica-c", 5, record);
                }
                sleep(10);
            }
        });
        producer.join();
        await(
                "every entry handled",
                () -> keys.stream()
                        .allMatch(k -> seen.getOrDefault(k, List.of()).contains(perRoom - 1)));
        for (UUID key : keys) {
            // At-least-once: a replay after the kill repeats already handled entries; first sightings must be
            // 0, 1, 2, ... with nothing skipped and nothing overtaken.
            List<Integer> firstSightings = new ArrayList<>();
            int highest = -1;
            for (int seq : seen.get(key)) {
                if (seq > highest) {
                    firstSightings.add(seq);
                    highest = seq;
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perRoom; i++) {
                expected.add(i);
            }
            assertEquals(expected, firstSightings, "room " + key + " saw " + seen.get(key));
        }
    }

    @Test
    void aPoisonEntryIsParkedAndTheRestOfItsBatchRunsInOrder() {
        String stream = prefix + "poison";
        UUID key = UUID.randomUUID();
        String partition = StreamPartitions.keyOf(stream, key, PARTITIONS);
        List<String> committed = new CopyOnWriteArrayList<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        // Appended before the consumer starts (its group reads from the beginning): the three come in one read.
        // (Not MULTI: Redis Cluster clients refuse transactions.)
        for (String payload : List.of("first", "poison", "third")) {
            redis.stream(String.class).xadd(partition, Map.of("payload", payload));
        }
        start(stream, "replica-a", 3, batch -> {
            batchSizes.add(batch.size());
            // Like a transaction: all of the batch or nothing.
            if (batch.stream().anyMatch(e -> e.payload().equals("poison"))) {
                throw new IllegalArgumentException("cannot handle poison");
            }
            batch.forEach(e -> committed.add(e.payload()));
        });
        await("the good entries are handled", () -> committed.size() == 2);
        assertEquals(List.of("first", "third"), committed);
        assertEquals(3, batchSizes.get(0), "the three entries came as one batch");
        await(
                "the poison entry is parked",
                () -> redis.stream(String.class).xrange(partition + ":dead-letter", StreamRange.of("-", "+")).stream()
                        .anyMatch(e -> "poison".equals(e.payload().get("payload"))));
        awaitNothingPending(stream);
    }

    @Test
    void oneReadSpansEveryOwnedPartitionAndAPoisonEntryHoldsBackOnlyItsOwn() {
        String stream = prefix + "spanning";
        // Appended before the consumer starts (its group reads from the beginning): one read finds them all. Every
        // partition's entries get the same ids (1-1, 1-2, 1-3), as entries appended in one millisecond often do: an
        // entry's tries must be counted per stream, not per id.
        Map<Integer, List<String>> appended = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> payloads = p == 1
                    ? List.of("p1-first", "poison", "p1-after-the-poison")
                    : List.of("p" + p + "-first", "p" + p + "-again", "p" + p + "-again");
            appended.put(p, payloads);
            for (int i = 0; i < payloads.size(); i++) {
                redis.stream(String.class)
                        .xadd(
                                StreamPartitions.key(stream, p),
                                new XAddArgs().id("1-" + (i + 1)),
                                Map.of("payload", payloads.get(i)));
            }
        }
        List<List<Entry>> calls = new CopyOnWriteArrayList<>();
        List<String> committed = new CopyOnWriteArrayList<>();
        List<String> committedAtSecondTry = new CopyOnWriteArrayList<>();
        AtomicInteger triesAlone = new AtomicInteger();
        start(stream, "replica-a", 3, batch -> {
            calls.add(List.copyOf(batch));
            if (batch.stream().anyMatch(e -> e.payload().equals("poison"))) {
                if (batch.size() == 1 && triesAlone.incrementAndGet() == 2) {
                    committedAtSecondTry.addAll(committed);
                }
                throw new IllegalArgumentException("cannot handle poison"); // like a rolled-back transaction
            }
            batch.forEach(e -> committed.add(e.payload()));
        });

        await(
                "the poison entry is parked",
                () -> redis.stream(String.class)
                        .xrange(StreamPartitions.key(stream, 1) + ":dead-letter", StreamRange.of("-", "+"))
                        .stream()
                        .anyMatch(e -> "poison".equals(e.payload().get("payload"))));
        await("the entry behind it is handled", () -> committed.contains("p1-after-the-poison"));
        awaitNothingPending(stream);

        List<Entry> first = calls.get(0);
        assertEquals(12, first.size(), "one read, one batch: every entry of the four partitions");
        assertEquals(
                Set.of(0, 1, 2, 3).stream()
                        .map(p -> StreamPartitions.key(stream, p))
                        .collect(Collectors.toSet()),
                first.stream().map(Entry::stream).collect(Collectors.toSet()));
        // The failed batch is retried partition by partition: the healthy ones commit before the poison's second
        // try (its partition waits behind it, the others do not).
        for (int p : List.of(0, 2, 3)) {
            assertTrue(
                    committedAtSecondTry.containsAll(appended.get(p)),
                    "partition " + p + " went on: " + committedAtSecondTry);
        }
        assertTrue(committedAtSecondTry.contains("p1-first"), "the entry before the poison went on");
        assertTrue(!committedAtSecondTry.contains("p1-after-the-poison"), "the entry behind the poison waited");
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> expected = new ArrayList<>(appended.get(p));
            expected.remove("poison");
            String mark = "p" + p + "-";
            assertEquals(
                    expected,
                    committed.stream().filter(c -> c.startsWith(mark)).toList(),
                    "partition " + p + " once each, in stream order, repeated payloads included");
        }
        assertEquals(3, triesAlone.get(), "the poison entry was tried alone max-deliveries times");
    }

    @Test
    void anUnavailableDatabaseIsWaitedForNotCountedAsPoison() {
        String stream = prefix + "outage";
        UUID key = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        List<String> committed = new CopyOnWriteArrayList<>();
        PartitionedStreamConsumer consumer = start(stream, "replica-a", 2, batch -> {
            if (attempts.incrementAndGet() <= 4) {
                throw new IllegalStateException(new SQLException("connection refused", "08001"));
            }
            batch.forEach(e -> committed.add(e.payload()));
        });
        await("reading", () -> consumer.ownedPartitions().size() == PARTITIONS);
        append(stream, key, "survives the outage");
        await("handled once the database is back", () -> committed.contains("survives the outage"));
        assertEquals(
                0, redis.stream(String.class).xlen(StreamPartitions.keyOf(stream, key, PARTITIONS) + ":dead-letter"));
    }

    private void awaitNothingPending(String stream) {
        await("nothing pending", () -> {
            for (int p = 0; p < PARTITIONS; p++) {
                String key = StreamPartitions.key(stream, p);
                if (redis.key().exists(key)
                        && redis.execute("XPENDING", key, "workers").get(0).toLong() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private static UUID keyIn(int partition) {
        while (true) {
            UUID key = UUID.randomUUID();
            if (StreamPartitions.of(key, PARTITIONS) == partition) {
                return key;
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
