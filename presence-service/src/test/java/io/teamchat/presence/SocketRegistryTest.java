package io.teamchat.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.presence.connections.SocketRegistry;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
// The base's gateway keeps the heartbeat of "gw-test" alive, so the sweep never closes these sockets mid-test.
class SocketRegistryTest extends PresenceTestBase {

    @Inject
    SocketRegistry sockets;

    private static String eventId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void countsSocketsAndIgnoresRepeats() {
        UUID user = UUID.randomUUID();
        assertEquals(1, open(user, "a"));
        assertEquals(1, open(user, "a"), "opening an open socket again changes nothing");
        assertEquals(2, open(user, "b"));

        String closeA = eventId();
        assertEquals(1, close(user, "a", closeA));
        assertEquals(1, close(user, "a", closeA), "a redelivered close reports the same state again");
        assertEquals(SocketRegistry.NO_CHANGE, close(user, "a", eventId()), "a duplicate close is ignored");
        assertEquals(SocketRegistry.NO_CHANGE, open(user, "a"), "a late connect of a closed socket");
        assertEquals(0, close(user, "b", eventId()));
        assertEquals(List.of(0L), counts(user));
    }

    @Test
    void aCloseBeforeItsConnectKeepsTheSocketClosed() {
        UUID user = UUID.randomUUID();
        assertEquals(SocketRegistry.NO_CHANGE, close(user, "s", eventId()));
        assertEquals(SocketRegistry.NO_CHANGE, open(user, "s"));
        assertEquals(List.of(0L), counts(user));
    }

    @Test
    void concurrentChangesAgreeOnTheFirstAndTheLastSocket() {
        UUID user = UUID.randomUUID();
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Long> opened = runAll(
                    pool,
                    IntStream.range(0, n)
                            .mapToObj(i -> (Supplier<Long>) () -> open(user, "s" + i))
                            .toList());
            assertEquals(1, opened.stream().filter(count -> count == 1).count(), "exactly one first socket");
            List<Long> closed = runAll(
                    pool,
                    IntStream.range(0, n)
                            .mapToObj(i -> (Supplier<Long>) () -> close(user, "s" + i, eventId()))
                            .toList());
            assertEquals(1, closed.stream().filter(count -> count == 0).count(), "exactly one last socket");
        } finally {
            pool.shutdown();
        }
    }

    private long open(UUID user, String socket) {
        return sockets.open(user, socket, Connections.DEFAULT_GATEWAY).sockets();
    }

    private long close(UUID user, String socket, String eventId) {
        return sockets.close(user, socket, Connections.DEFAULT_GATEWAY, eventId).sockets();
    }

    private List<Long> counts(UUID user) {
        return sockets.states(List.of(user)).stream()
                .map(SocketRegistry.State::sockets)
                .toList();
    }

    private static List<Long> runAll(ExecutorService pool, List<Supplier<Long>> tasks) {
        List<CompletableFuture<Long>> futures = tasks.stream()
                .map(task -> CompletableFuture.supplyAsync(task, pool))
                .toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
