package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class SendCommandConsumerTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MembershipCache membership;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private TestRooms rooms() {
        return new TestRooms(membership);
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
        MessageTestSupport.append(
                redis,
                prefix + "commands",
                MessageTestSupport.sendCommand(commandId, gina, room, "over the socket", "k-" + commandId));

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
        MessageTestSupport.append(
                redis, prefix + "commands", MessageTestSupport.sendCommand(first, hank, room, "once", clientMsgId));
        MessageTestSupport.append(
                redis, prefix + "commands", MessageTestSupport.sendCommand(retry, hank, room, "once", clientMsgId));

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
        MessageTestSupport.append(
                redis,
                prefix + "commands",
                MessageTestSupport.sendCommand(commandId, ivy, room, "z".repeat(4001), null));

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
        MessageTestSupport.append(redis, prefix + "commands", command);
        awaitOutcome(commandId, "message.created");
        // The same command again, as after a crash between commit and ack.
        MessageTestSupport.append(redis, prefix + "commands", command);
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
        MessageTestSupport.append(
                redis,
                prefix + "commands",
                "{\"id\":\"" + UUID.randomUUID()
                        + "\",\"type\":\"message.future\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{}}");
        MessageTestSupport.append(redis, prefix + "commands", "not json at all");
        UUID commandId = UUID.randomUUID();
        MessageTestSupport.append(
                redis,
                prefix + "commands",
                MessageTestSupport.sendCommand(commandId, kim, room, "after the junk", null));
        awaitOutcome(commandId, "message.created");
        awaitNoPending();
    }

    private void awaitNoPending() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (redis.execute("XPENDING", prefix + "commands", "message-service")
                        .get(0)
                        .toLong()
                > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("commands still pending after 10 s");
            }
            MessageTestSupport.sleep();
        }
    }
}
