package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.DomainEvents;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class RoomDeletedTest {

    @Inject
    MembershipCache membership;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    @Inject
    RedisDataSource redis;

    @Inject
    DataSource database;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Inject
    DomainEvents events;

    @Inject
    ObjectMapper mapper;

    private static void send(TestUser user, UUID room, String content) {
        given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201);
    }

    private UUID roomWithMessages(TestUser owner, String... contents) {
        UUID room = rooms().publicRoom(owner.id());
        for (String content : contents) {
            send(owner, room, content);
        }
        return room;
    }

    private long stored(UUID room) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement count =
                        connection.prepareStatement("select count(*) from message.messages where room_id = ?")) {
            count.setObject(1, room);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** As room-service publishes it: DomainEvents, which also appends it to the room-deletions stream. */
    private void roomDeleted(UUID room) {
        events.publishAndWait(
                EventEnvelope.of(EventType.ROOM_DELETED, new RoomDeleted(room), mapper), Duration.ofSeconds(5));
    }

    private void awaitNoMessages(UUID room) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stored(room) > 0 && System.nanoTime() < deadline) {
            MessageTestSupport.sleep();
        }
    }

    @Test
    void roomDeletedRemovesThatRoomsMessagesOnlyAndIsIdempotent() throws Exception {
        TestUser ann = TestUser.create();
        UUID doomed = roomWithMessages(ann, "one", "two");
        UUID kept = roomWithMessages(ann, "stays");

        roomDeleted(doomed);
        awaitNoMessages(doomed);
        assertEquals(0, stored(doomed));
        assertEquals(1, stored(kept));

        // Redelivered (or published twice): nothing else goes, and the consumer keeps going.
        roomDeleted(doomed);
        UUID barrier = rooms().publicRoom(ann.id());
        send(ann, barrier, "barrier");
        roomDeleted(barrier);
        awaitNoMessages(barrier);
        assertEquals(0, stored(barrier));
        assertEquals(1, stored(kept));
    }

    @Test
    void onlyTheDeletionsStreamIsReadNotEveryEvent() throws Exception {
        TestUser ann = TestUser.create();
        UUID notRouted = roomWithMessages(ann, "stays");
        UUID routed = roomWithMessages(ann, "goes");

        // A room.deleted on the events stream alone (no writer does that) is not read; were every event read, it
        // would be handled before the routed one, which comes after it on the events stream too.
        MessageTestSupport.append(
                redis,
                prefix + "events",
                "{\"id\":\"" + UUID.randomUUID()
                        + "\",\"type\":\"room.deleted\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                        + "\"data\":{\"roomId\":\"" + notRouted + "\"}}");
        roomDeleted(routed);
        awaitNoMessages(routed);
        assertEquals(0, stored(routed));
        assertEquals(1, stored(notRouted), "message-service no longer reads every event");
    }
}
