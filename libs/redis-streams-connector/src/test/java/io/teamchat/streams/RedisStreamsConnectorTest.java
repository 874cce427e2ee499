package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class RedisStreamsConnectorTest {

    /** A work item as a record, to exercise the JSON converter both ways. */
    public record Work(String id, String text, boolean failOnce, boolean alwaysFail) {
        Work(String id, String text, boolean failOnce) {
            this(id, text, failOnce, false);
        }
    }

    @ApplicationScoped
    public static class Workers {
        private static final ObjectMapper JSON = new ObjectMapper();

        final List<String> processed = new CopyOnWriteArrayList<>();
        final List<String> fannedOut = new CopyOnWriteArrayList<>();
        final Map<String, Integer> attempts = new ConcurrentHashMap<>();

        @Incoming("test-group")
        public Uni<Void> work(String entry) {
            Work work = parse(entry);
            int attempt = attempts.merge(work.id(), 1, Integer::sum);
            if (work.alwaysFail() || (work.failOnce() && attempt == 1)) {
                return Uni.createFrom().failure(new IllegalStateException("simulated crash"));
            }
            processed.add(work.id());
            return Uni.createFrom().voidItem();
        }

        @Incoming("test-fanout")
        public void watch(String entry) {
            Work work = parse(entry);
            fannedOut.add(work.id());
        }

        private static Work parse(String entry) {
            try {
                return JSON.readValue(entry, Work.class);
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }

        // Accessors, not fields: the test holds a client proxy, whose own fields are not the bean's.
        List<String> processed() {
            return processed;
        }

        List<String> fannedOut() {
            return fannedOut;
        }

        int attempts(String id) {
            return attempts.getOrDefault(id, 0);
        }
    }

    @Inject
    @Channel("test-out")
    Emitter<Work> emitter;

    @Inject
    Workers workers;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void deliversEachEntryOnceToTheGroupInOrderAndAcksIt() throws Exception {
        List<String> ids = List.of(id(), id(), id(), id(), id());
        for (String id : ids) {
            emitter.send(new Work(id, "hello " + id, false))
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        }
        await(() -> workers.processed().containsAll(ids));
        assertEquals(ids, workers.processed().stream().filter(ids::contains).toList(), "group order is stream order");
        await(() -> pendingCount() == 0);
    }

    @Test
    void redeliversAnEntryWhoseProcessingFailed() throws Exception {
        String id = id();
        emitter.send(new Work(id, "retry me", true)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> workers.processed().contains(id));
        assertEquals(2, workers.attempts(id), "first attempt failed, the reclaimed entry succeeded");
        assertEquals(1, workers.processed().stream().filter(id::equals).count());
        await(() -> pendingCount() == 0);
    }

    @Test
    void anEntryThatKeepsFailingGoesToTheDeadLetterStreamAndIsAcked() throws Exception {
        String id = id();
        emitter.send(new Work(id, "poison", false, true)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await(() -> redis.stream(String.class)
                .xrange(prefix + "work:dead-letter", io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
                .stream()
                .anyMatch(e -> e.payload().get("payload").contains(id)));
        assertEquals(3, workers.attempts(id), "max-deliveries tries, then parked");
        await(() -> pendingCount() == 0);
        assertTrue(workers.processed().stream().noneMatch(id::equals));
    }

    @Test
    void fanOutReaderSeesEveryEntry() throws Exception {
        List<String> ids = List.of(id(), id(), id());
        for (String id : ids) {
            emitter.send(new Work(id, "fan", false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        await(() -> workers.fannedOut().containsAll(ids));
        assertEquals(ids, workers.fannedOut().stream().filter(ids::contains).toList());
    }

    @Test
    void entriesCarryTheirJsonInThePayloadField() throws Exception {
        String id = id();
        emitter.send(new Work(id, "shape", false)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        var entries = redis.stream(String.class)
                .xrange(prefix + "work", io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"));
        assertTrue(entries.stream().anyMatch(e -> e.payload().get("payload").contains("\"id\":\"" + id + "\"")));
    }

    private long pendingCount() {
        var response = redis.execute("XPENDING", prefix + "work", "workers");
        return response.get(0).toLong();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
