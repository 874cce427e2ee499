package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
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

    private static void send(TestUser user, UUID room, String content) {
        given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201);
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

    private void roomDeleted(UUID room) {
        MessageTestSupport.append(
                redis,
                prefix + "events",
                "{\"id\":\"" + UUID.randomUUID()
                        + "\",\"type\":\"room.deleted\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                        + "\"data\":{\"roomId\":\"" + room + "\"}}");
    }

    @Test
    void roomDeletedRemovesThatRoomsMessagesOnlyAndIsIdempotent() throws Exception {
        TestUser ann = TestUser.create();
        UUID doomed = rooms().publicRoom(ann.id());
        UUID kept = rooms().publicRoom(ann.id());
        send(ann, doomed, "one");
        send(ann, doomed, "two");
        send(ann, kept, "stays");

        roomDeleted(doomed);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stored(doomed) > 0 && System.nanoTime() < deadline) {
            MessageTestSupport.sleep();
        }
        assertEquals(0, stored(doomed));
        assertEquals(1, stored(kept));

        // Redelivered (or published twice): nothing else goes, and the consumer keeps going.
        roomDeleted(doomed);
        UUID barrier = rooms().publicRoom(ann.id());
        send(ann, barrier, "barrier");
        roomDeleted(barrier);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stored(barrier) > 0 && System.nanoTime() < deadline) {
            MessageTestSupport.sleep();
        }
        assertEquals(0, stored(barrier));
        assertEquals(1, stored(kept));
    }
}
