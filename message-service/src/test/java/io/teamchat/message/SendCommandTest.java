package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.message.command.CommandDispatcher;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
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

    @Inject
    CommandDispatcher dispatcher;

    @Inject
    DataSource database;

    private static final ObjectMapper JSON = new ObjectMapper();

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

        JsonNode stored = awaitOutcome(first, "message.created").path("data");
        JsonNode resent = awaitOutcome(retry, "message.created").path("data");
        assertEquals(
                stored.path("message").path("id").asText(),
                resent.path("message").path("id").asText(),
                "the retry answers with the stored message");
        assertFalse(stored.path("resent").asBoolean(), "the first command announces the message to the room");
        assertTrue(
                resent.path("resent").asBoolean(),
                "the retry's answer is for its sender alone: the first command's announcement went out before its ack");
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
        // Waited for by its second announcement: "nothing pending" also holds before the entry is read at all.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (announcements(commandId) < 2 && System.nanoTime() < deadline) {
            MessageTestSupport.sleep();
        }
        awaitNoPending();
        assertEquals(2, announcements(commandId), "announced again for the gateways, who de-duplicate by id");
        assertEquals(
                0,
                MessageTestSupport.countEnvelopes(
                        redis,
                        prefix + "events",
                        e -> e.path("data").path("commandId").asText().equals(commandId.toString())
                                && e.path("data").path("resent").asBoolean()),
                "a redelivery is announced to the room: its first announcement may have been lost in the crash");
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

    private long announcements(UUID commandId) {
        return MessageTestSupport.countEnvelopes(
                redis,
                prefix + "events",
                e -> e.path("data").path("commandId").asText().equals(commandId.toString()));
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
        assertHistory(lou, roomA, a2Id, a1Id);
        assertHistory(max, roomB, b2Id, b1Id);
        assertTrue(UUID.fromString(a1Id).compareTo(UUID.fromString(a2Id)) < 0, "ids follow stream order");
    }

    /** Three rooms of {@code members} in three different partitions. */
    private List<UUID> roomsInDistinctPartitions(TestUser... members) {
        List<UUID> found = new java.util.ArrayList<>();
        Set<Integer> used = new HashSet<>();
        while (found.size() < 3) {
            UUID room = rooms().publicRoom(
                            members[0].id(),
                            java.util.Arrays.stream(members)
                                    .skip(1)
                                    .map(TestUser::id)
                                    .toArray(UUID[]::new));
            if (used.add(StreamPartitions.of(room, partitions))) {
                found.add(room);
            }
        }
        return found;
    }

    /**
     * Holds the rooms' partitions away from the dispatcher (their leases taken by "the test") while {@code
     * appending} runs, then lets it take them back all at once: its next read finds every appended entry, so one
     * batch spans the partitions deterministically (on one Redis and on Redis Cluster alike).
     */
    private void whilePartitionsAreHeld(List<UUID> rooms, Runnable appending) throws InterruptedException {
        Set<Integer> held = new HashSet<>();
        rooms.forEach(room -> held.add(StreamPartitions.of(room, partitions)));
        for (int p : held) {
            redis.execute("SET", StreamPartitions.key(prefix + "commands", p) + ":owner", "the-test", "PX", "60000");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dispatcher.ownedPartitions().stream().anyMatch(held::contains)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the dispatcher kept the partitions");
            }
            MessageTestSupport.sleep();
        }
        Thread.sleep(500); // a read under way when they went (chat.commands.block, 200 ms in tests) is over
        appending.run();
        for (int p : held) { // one key at a time: on a cluster they are in different slots
            redis.key().del(StreamPartitions.key(prefix + "commands", p) + ":owner");
        }
    }

    @Test
    void oneBatchSpansSeveralPartitionsWithADuplicateInRoomOrder() throws Exception {
        TestUser nia = TestUser.create();
        TestUser oto = TestUser.create();
        List<UUID> threeRooms = roomsInDistinctPartitions(nia, oto);
        UUID roomA = threeRooms.get(0);
        UUID roomB = threeRooms.get(1);
        UUID roomC = threeRooms.get(2);
        String clientMsgId = "c-" + UUID.randomUUID();
        UUID a1 = UUID.randomUUID();
        UUID a1again = UUID.randomUUID();
        UUID a2 = UUID.randomUUID();
        UUID b1 = UUID.randomUUID();
        UUID b2 = UUID.randomUUID();
        UUID c1 = UUID.randomUUID();
        long batchesBefore = batches().count();
        double commandsBefore = batches().totalAmount();
        whilePartitionsAreHeld(threeRooms, () -> {
            command(roomB, MessageTestSupport.sendCommand(b1, oto, roomB, "b1", null));
            command(roomA, MessageTestSupport.sendCommand(a1, nia, roomA, "a1", clientMsgId));
            command(roomC, MessageTestSupport.sendCommand(c1, oto, roomC, "c1", null));
            command(roomA, MessageTestSupport.sendCommand(a1again, nia, roomA, "a1", clientMsgId));
            command(roomB, MessageTestSupport.sendCommand(b2, nia, roomB, "b2", null));
            command(roomA, MessageTestSupport.sendCommand(a2, oto, roomA, "a2", null));
        });

        String a1Id = messageId(awaitOutcome(a1, "message.created"));
        assertEquals(a1Id, messageId(awaitOutcome(a1again, "message.created")), "the duplicate gets the stored one");
        String a2Id = messageId(awaitOutcome(a2, "message.created"));
        String b1Id = messageId(awaitOutcome(b1, "message.created"));
        String b2Id = messageId(awaitOutcome(b2, "message.created"));
        String c1Id = messageId(awaitOutcome(c1, "message.created"));
        awaitNoPending();

        assertEquals(1, batches().count() - batchesBefore, "the three partitions' commands in one batch");
        assertEquals(6, batches().totalAmount() - commandsBefore, "the batch held every entry");
        assertHistory(nia, roomA, a2Id, a1Id);
        assertHistory(nia, roomB, b2Id, b1Id);
        assertHistory(oto, roomC, c1Id);
    }

    @Test
    void aPoisonEntryInABatchOfSeveralPartitionsHoldsBackOnlyItsOwnPartition() throws Exception {
        TestUser pia = TestUser.create();
        List<UUID> threeRooms = roomsInDistinctPartitions(pia);
        UUID roomA = threeRooms.get(0);
        UUID roomB = threeRooms.get(1);
        UUID roomC = threeRooms.get(2);
        // A row the database refuses (not an outage: SQL state P0001), so every try of it fails.
        String poison = "poison-" + UUID.randomUUID();
        sql("CREATE FUNCTION message.refuse_poison() RETURNS trigger AS $$ BEGIN IF NEW.content = '" + poison
                + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        sql("CREATE TRIGGER refuse_poison BEFORE INSERT ON message.messages FOR EACH ROW"
                + " EXECUTE FUNCTION message.refuse_poison()");
        try {
            UUID a1 = UUID.randomUUID();
            UUID b1 = UUID.randomUUID();
            UUID bad = UUID.randomUUID();
            UUID b2 = UUID.randomUUID();
            UUID c1 = UUID.randomUUID();
            whilePartitionsAreHeld(threeRooms, () -> {
                command(roomA, MessageTestSupport.sendCommand(a1, pia, roomA, "a1", null));
                command(roomB, MessageTestSupport.sendCommand(b1, pia, roomB, "b1", null));
                command(roomB, MessageTestSupport.sendCommand(bad, pia, roomB, poison, null));
                command(roomB, MessageTestSupport.sendCommand(b2, pia, roomB, "b2", null));
                command(roomC, MessageTestSupport.sendCommand(c1, pia, roomC, "c1", null));
            });
            String deadLetters = StreamPartitions.keyOf(prefix + "commands", roomB, partitions) + ":dead-letter";
            JsonNode parked = MessageTestSupport.awaitEnvelope(
                    redis,
                    deadLetters,
                    e -> e.path("data").path("commandId").asText().equals(bad.toString()));
            assertEquals(poison, parked.path("data").path("content").asText());
            String b2Id = messageId(awaitOutcome(b2, "message.created"));
            awaitNoPending();

            // The other partitions did not wait for the poison's tries (5, with back-offs): their messages were
            // announced before it was parked; the message behind it in its room only after.
            String parkedAt = entryId(deadLetters, e -> true);
            for (UUID before : List.of(a1, b1, c1)) {
                assertTrue(
                        compareIds(entryIdOfOutcome(before), parkedAt) < 0, before + " announced before the parking");
            }
            assertTrue(compareIds(entryIdOfOutcome(b2), parkedAt) > 0, "b2 waited behind the poison");
            String b1Id = messageId(awaitOutcome(b1, "message.created"));
            assertHistory(pia, roomB, b2Id, b1Id);
        } finally {
            sql("DROP TRIGGER refuse_poison ON message.messages");
            sql("DROP FUNCTION message.refuse_poison()");
        }
    }

    private void sql(String statement) throws Exception {
        try (var connection = database.getConnection();
                var run = connection.createStatement()) {
            run.execute(statement);
        }
    }

    private String entryIdOfOutcome(UUID commandId) {
        return entryId(
                prefix + "events",
                e -> e.path("data").path("commandId").asText().equals(commandId.toString()));
    }

    private String entryId(String stream, java.util.function.Predicate<JsonNode> matches) {
        return redis.stream(String.class).xrange(stream, StreamRange.of("-", "+")).stream()
                .filter(entry -> {
                    try {
                        return matches.test(JSON.readTree(entry.payload().get("payload")));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .map(entry -> entry.id())
                .findFirst()
                .orElseThrow();
    }

    /** Stream entry ids "ms-seq" in time order. */
    private static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    /** The room's history as {@code user} reads it: these message ids, newest first. */
    private static void assertHistory(TestUser user, UUID room, String... newestFirst) {
        given().header("Authorization", user.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items.id", contains(newestFirst));
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
