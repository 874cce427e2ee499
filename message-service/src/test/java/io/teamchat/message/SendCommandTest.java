package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class SendCommandTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MembershipCache membership;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    @ConfigProperty(name = "chat.commands.partitions")
    int partitions;

    @Inject
    MeterRegistry meters;

    /** Appends to the room's partition, as the gateway does. */
    private void command(UUID room, String envelopeJson) {
        MessageTestSupport.append(redis, StreamPartitions.keyOf(prefix + "commands", room, partitions), envelopeJson);
    }

    private JsonNode awaitOutcome(UUID commandId, String type) {
        return MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals(type)
                        && e.path("data").path("commandId").asText().equals(commandId.toString()));
    }

    @Test
    void aSendCommandIsStoredThenAnnouncedThenAcked() {
        TestUser gina = TestUser.create();
        UUID room = rooms().publicRoom(gina.id());
        UUID commandId = UUID.randomUUID();
        command(room, MessageTestSupport.sendCommand(commandId, gina, room, "over the socket", "k-" + commandId));

        JsonNode created = awaitOutcome(commandId, "message.created");
        String messageId = created.path("data").path("message").path("id").asText();
        assertEquals(
                gina.username(),
                created.path("data").path("user").path("username").asText());

        given().header("Authorization", gina.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(messageId))
                .body("items[0].content", equalTo("over the socket"));
        awaitNoPending();
    }

    @Test
    void aRetriedCommandNeverDuplicatesTheMessage() {
        TestUser hank = TestUser.create();
        UUID room = rooms().publicRoom(hank.id());
        String clientMsgId = "retry-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID retry = UUID.randomUUID();
        command(room, MessageTestSupport.sendCommand(first, hank, room, "once", clientMsgId));
        command(room, MessageTestSupport.sendCommand(retry, hank, room, "once", clientMsgId));

        String a = awaitOutcome(first, "message.created")
                .path("data")
                .path("message")
                .path("id")
                .asText();
        String b = awaitOutcome(retry, "message.created")
                .path("data")
                .path("message")
                .path("id")
                .asText();
        assertEquals(a, b, "the retry answers with the stored message");
        given().header("Authorization", hank.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(1));
    }

    @Test
    void anInvalidCommandIsRejectedAndStoresNothing() {
        TestUser ivy = TestUser.create();
        UUID room = rooms().publicRoom(ivy.id());
        UUID commandId = UUID.randomUUID();
        command(room, MessageTestSupport.sendCommand(commandId, ivy, room, "z".repeat(4001), null));

        JsonNode rejected = awaitOutcome(commandId, "command.rejected");
        assertEquals(400, rejected.path("data").path("status").asInt());
        assertEquals(ivy.id().toString(), rejected.path("data").path("userId").asText());
        given().header("Authorization", ivy.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(0));
        awaitNoPending();
    }

    @Test
    void aRedeliveredCommandWithoutClientMsgIdIsStoredOnce() {
        TestUser jill = TestUser.create();
        UUID room = rooms().publicRoom(jill.id());
        UUID commandId = UUID.randomUUID();
        String command = MessageTestSupport.sendCommand(commandId, jill, room, "no client id", null);
        command(room, command);
        awaitOutcome(commandId, "message.created");
        // The same command again, as after a crash between commit and ack.
        command(room, command);
        awaitNoPending();
        long announced = MessageTestSupport.countEnvelopes(
                redis,
                prefix + "events",
                e -> e.path("data").path("commandId").asText().equals(commandId.toString()));
        assertEquals(2, announced, "announced again for the gateways, who de-duplicate by id");
        given().header("Authorization", jill.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(1));
    }

    @Test
    void unknownAndUnreadableEntriesAreSkippedAndTheNextCommandStillRuns() {
        TestUser kim = TestUser.create();
        UUID room = rooms().publicRoom(kim.id());
        command(
                room,
                "{\"id\":\"" + UUID.randomUUID()
                        + "\",\"type\":\"message.future\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{}}");
        command(room, "not json at all");
        UUID commandId = UUID.randomUUID();
        command(room, MessageTestSupport.sendCommand(commandId, kim, room, "after the junk", null));
        awaitOutcome(commandId, "message.created");
        awaitNoPending();
    }

    private long pendingCommands() {
        long pending = 0;
        for (int p = 0; p < partitions; p++) {
            String key = StreamPartitions.key(prefix + "commands", p);
            if (redis.key().exists(key)) {
                pending +=
                        redis.execute("XPENDING", key, "message-service").get(0).toLong();
            }
        }
        return pending;
    }

    @Test
    void oneBatchOfSeveralRoomsWithADuplicateAndBadEntriesIsAppliedInStreamOrder() {
        TestUser lou = TestUser.create();
        TestUser max = TestUser.create();
        UUID roomA = rooms().publicRoom(lou.id(), max.id());
        UUID roomB = rooms().publicRoom(lou.id(), max.id());
        while (StreamPartitions.of(roomB, partitions) != StreamPartitions.of(roomA, partitions)) {
            roomB = rooms().publicRoom(lou.id(), max.id());
        }
        String partition = StreamPartitions.keyOf(prefix + "commands", roomA, partitions);
        String clientMsgId = "c-" + UUID.randomUUID();
        UUID a1 = UUID.randomUUID();
        UUID b1 = UUID.randomUUID();
        UUID a1again = UUID.randomUUID();
        UUID invalid = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID reused = UUID.randomUUID();
        UUID b2 = UUID.randomUUID();
        List<String> entries = List.of(
                MessageTestSupport.sendCommand(a1, lou, roomA, "a1", clientMsgId),
                MessageTestSupport.sendCommand(b1, max, roomB, "b1", null),
                "not json at all",
                MessageTestSupport.sendCommand(a1again, lou, roomA, "a1", clientMsgId),
                MessageTestSupport.sendCommand(invalid, max, roomB, "   ", null),
                MessageTestSupport.sendCommand(a2, lou, roomA, "a2", null),
                MessageTestSupport.sendCommand(reused, lou, roomA, "not a1", clientMsgId),
                MessageTestSupport.sendCommand(b2, max, roomB, "b2", null));
        long batchesBefore = batches().count();
        double commandsBefore = batches().totalAmount();
        // Appended together (one script), so one read takes them all.
        MessageTestSupport.appendTogether(redis, partition, entries);

        String a1Id = messageId(awaitOutcome(a1, "message.created"));
        assertEquals(a1Id, messageId(awaitOutcome(a1again, "message.created")), "the duplicate gets the stored one");
        assertEquals(
                400,
                awaitOutcome(invalid, "command.rejected")
                        .path("data")
                        .path("status")
                        .asInt());
        JsonNode conflict = awaitOutcome(reused, "command.rejected").path("data");
        assertEquals(409, conflict.path("status").asInt());
        assertEquals(
                "clientMsgId", conflict.path("errors").path(0).path("field").asText());
        String a2Id = messageId(awaitOutcome(a2, "message.created"));
        String b1Id = messageId(awaitOutcome(b1, "message.created"));
        String b2Id = messageId(awaitOutcome(b2, "message.created"));
        awaitNoPending();

        // Counts, not the summary's max: that max is a sliding window a burst of an earlier test can still fill.
        assertEquals(1, batches().count() - batchesBefore, "applied as one batch");
        assertEquals(entries.size(), batches().totalAmount() - commandsBefore, "the batch held every entry");
        given().header("Authorization", lou.bearer())
                .get("/api/rooms/{id}/messages", roomA)
                .then()
                .body("items.id", contains(a2Id, a1Id));
        given().header("Authorization", max.bearer())
                .get("/api/rooms/{id}/messages", roomB)
                .then()
                .body("items.id", contains(b2Id, b1Id));
        assertTrue(UUID.fromString(a1Id).compareTo(UUID.fromString(a2Id)) < 0, "ids follow stream order");
    }

    private DistributionSummary batches() {
        return meters.get("chat.commands.batch.size").summary();
    }

    private static String messageId(JsonNode outcome) {
        return outcome.path("data").path("message").path("id").asText();
    }

    private void awaitNoPending() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pendingCommands() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("commands still pending after 10 s");
            }
            MessageTestSupport.sleep();
        }
    }
}
