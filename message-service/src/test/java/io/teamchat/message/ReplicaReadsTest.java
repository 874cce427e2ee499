package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.PostgresReplica;
import io.teamchat.testing.PostgresReplicaTestResource;
import io.teamchat.testing.RoomServiceStub;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * History, search and sync reads against a real streaming replica (a private primary and a hot standby made with
 * {@code pg_basebackup}, libs/chat-test-support). Reads are shown to run on the replica by pausing its replay: a
 * message committed after the pause is missing from what the replica answers. The sender's own messages never are.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(RoomServiceStub.class)
@WithTestResource(PostgresReplicaTestResource.class)
@ExtendWith(PostgresReplicaTestResource.ServerBinaries.class)
class ReplicaReadsTest {

    PostgresReplica replica;

    @Inject
    RedisDataSource redis;

    @Inject
    MembershipCache membership;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @ConfigProperty(name = "chat.commands.partitions")
    int partitions;

    @AfterEach
    void replicaRunsAndReplays() {
        replica.startReplica();
        replica.resumeReplay();
    }

    @Test
    void readsGoToTheReplicaAndTheSenderReadsTheirOwnMessagesFromThePrimary() {
        TestUser sender = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(sender.id(), reader.id());
        String before = send(sender, room, "before the pause");
        replica.awaitCaughtUp();
        double onReplica = reads("replica");
        assertEquals(List.of(before), history(reader, room, null));
        assertEquals(onReplica + 1, reads("replica"), "the reader's history ran on the replica");

        replica.pauseReplay();
        String during = send(sender, room, "needle while the replica lags");

        // The replica has not replayed the send: what it answers lacks the message...
        assertEquals(List.of(before), history(reader, room, null));
        assertEquals(List.of(), history(reader, room, "after=" + before));
        searchHits(reader, room, "needle").then().body("items.id", not(hasItem(during)));
        // ...but the sender is sent to the primary and always sees their own message.
        double ownWrite = reads("primary_own_write");
        assertEquals(List.of(during, before), history(sender, room, null));
        assertEquals(List.of(during), history(sender, room, "after=" + before));
        searchHits(sender, room, "needle").then().body("items.id", hasItem(during));
        assertEquals(ownWrite + 3, reads("primary_own_write"));

        // A cursor the replica does not have (the reader got the message live) is read on the primary.
        double cursor = reads("primary_cursor");
        // (The largest UUID: a random one sorted below both ids now and then, and the page was empty.)
        assertEquals(List.of(during, before), history(reader, room, "before=" + new UUID(-1L, -1L)));
        assertEquals(List.of(), history(reader, room, "after=" + during));
        assertEquals(cursor + 2, reads("primary_cursor"));

        replica.resumeReplay();
        replica.awaitCaughtUp();
        onReplica = reads("replica");
        assertEquals(List.of(during, before), history(reader, room, null));
        assertEquals(List.of(during, before), history(sender, room, null), "caught up: the sender reads it too");
        assertEquals(onReplica + 2, reads("replica"));
    }

    @Test
    void aLaggingReplicaNeverHidesMessagesSentOverTheSocket() {
        TestUser sender = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(sender.id(), reader.id());
        String first = sendCommand(sender, room, "first");
        replica.awaitCaughtUp();
        replica.pauseReplay();

        // An edit (REST, as the gateway's edit-message calls it) is the sender's own write too.
        given().header("Authorization", sender.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "first, edited"))
                .patch("/api/messages/{id}", first)
                .then()
                .statusCode(200);
        assertEquals("first, edited", contentOf(sender, room, first));
        assertEquals("first", contentOf(reader, room, first), "others read the lagging replica");

        // Each send is acked (message.created) and then caught up with `sync` (history after the last seen id).
        String last = first;
        for (int i = 0; i < 3; i++) {
            String sent = sendCommand(sender, room, "socket " + i);
            assertEquals(List.of(sent), history(sender, room, "after=" + last), "sync after the ack");
            assertTrue(history(sender, room, null).contains(sent), "history after the ack");
            last = sent;
        }
        assertEquals(List.of(first), history(reader, room, null), "others read the lagging replica");
    }

    private static String contentOf(TestUser user, UUID room, String messageId) {
        return given().header("Authorization", user.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("items.find { it.id == '" + messageId + "' }.content");
    }

    @Test
    void aStoppedReplicaSendsReadsToThePrimaryAndIsUsedAgainWhenBack() {
        TestUser sender = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(sender.id(), reader.id());
        String first = send(sender, room, "needle one");

        replica.stopReplica();
        double down = reads("primary_down");
        assertEquals(List.of(first), history(reader, room, null));
        assertEquals(List.of(), history(reader, room, "after=" + first));
        searchHits(reader, room, "needle").then().body("items.id", hasItem(first));
        String second = send(sender, room, "needle two");
        assertEquals(List.of(second, first), history(reader, room, null));
        assertTrue(reads("primary_down") >= down + 3, "reads fell back to the primary");

        replica.startReplica();
        replica.awaitCaughtUp();
        // After chat.replica.retry-after (200 ms in tests) a read tries the replica again.
        long deadline = System.nanoTime() + 10_000_000_000L;
        double onReplica = reads("replica");
        while (reads("replica") == onReplica) {
            assertTrue(System.nanoTime() < deadline, "the restarted replica is used again within 10 s");
            assertEquals(List.of(second, first), history(reader, room, null));
        }
        replica.pauseReplay();
        String third = send(sender, room, "needle three");
        assertEquals(List.of(second, first), history(reader, room, null), "served by the replica again");
        assertEquals(List.of(third, second, first), history(sender, room, null));
    }

    private double reads(String outcome) {
        return reads(meters, outcome);
    }

    /** Reads counted by where they ran ({@code chat_replica_reads_total{outcome}}). */
    static double reads(MeterRegistry meters, String outcome) {
        return meters.counter("chat.replica.reads", "outcome", outcome).count();
    }

    static String send(TestUser user, UUID room, String content) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A send as the gateway makes it, a command on the room's partition; returns the acked message id. */
    private String sendCommand(TestUser user, UUID room, String content) {
        UUID commandId = UUID.randomUUID();
        MessageTestSupport.append(
                redis,
                StreamPartitions.keyOf(prefix + "commands", room, partitions),
                MessageTestSupport.sendCommand(commandId, user, room, content, "k-" + commandId));
        JsonNode created = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.created")
                        && e.path("data").path("commandId").asText().equals(commandId.toString()));
        return created.path("data").path("message").path("id").asText();
    }

    /** The ids of one history page, newest first. */
    static List<String> history(TestUser user, UUID room, String query) {
        return given().header("Authorization", user.bearer())
                .get("/api/rooms/{id}/messages" + (query == null ? "" : "?" + query), room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id", String.class);
    }

    private static Response searchHits(TestUser user, UUID room, String q) {
        Response response = given().header("Authorization", user.bearer())
                .queryParam("q", q)
                .get("/api/rooms/{id}/messages/search", room);
        response.then().statusCode(200);
        return response;
    }
}
