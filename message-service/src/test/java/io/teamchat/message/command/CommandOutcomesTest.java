package io.teamchat.message.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * REST commands hear their outcomes on the events stream, read from where it ended when the wait began, and only
 * while something waits (socket sends never do, so message-service does not read back every event it writes).
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class CommandOutcomesTest {

    @Inject
    CommandOutcomes outcomes;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void anAwaitedOutcomeIsHeardAndTheStreamIsReadOnlyWhileSomethingWaits() throws Exception {
        awaitNotReading();

        UUID commandId = UUID.randomUUID();
        CompletableFuture<EventEnvelope> outcome = outcomes.expect(commandId);
        assertTrue(outcomes.reading(), "a wait starts the read");
        appendOutcome(UUID.randomUUID()); // another replica's command: passed over
        appendOutcome(commandId);

        EventEnvelope heard = outcome.get(5, TimeUnit.SECONDS);
        assertEquals(EventType.COMMAND_REJECTED, heard.type());
        assertEquals(commandId.toString(), heard.data().path("commandId").asText());
        awaitNotReading();
    }

    @Test
    void anOutcomeWrittenBeforeTheWaitBeganIsNotTakenForIt() throws Exception {
        awaitNotReading();
        UUID commandId = UUID.randomUUID();
        appendOutcome(commandId);

        CompletableFuture<EventEnvelope> outcome = outcomes.expect(commandId);
        assertThrows(TimeoutException.class, () -> outcome.get(1500, TimeUnit.MILLISECONDS));
        outcomes.forget(commandId);
        awaitNotReading();
    }

    private void appendOutcome(UUID commandId) throws Exception {
        EventEnvelope envelope = EventEnvelope.of(
                EventType.COMMAND_REJECTED,
                new CommandRejected(commandId, UUID.randomUUID(), 400, "Bad Request", "test", List.of()),
                mapper);
        redis.stream(String.class).xadd(prefix + "events", Map.of("payload", mapper.writeValueAsString(envelope)));
    }

    /** The read stops within a read's block (1 s) once nothing waits. */
    private void awaitNotReading() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (outcomes.reading() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(outcomes.reading(), "nothing waits: the events stream is not read");
    }
}
