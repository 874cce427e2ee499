package io.teamchat.message;

import static io.teamchat.message.ReadApi.markRead;
import static io.teamchat.message.ReadApi.send;
import static io.teamchat.message.ReadApi.state;
import static io.teamchat.message.ReadApi.unread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Read markers and unread counts (docs/conversation.md, "Read state") against real PostgreSQL and Redis. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class ReadStateTest {

    @Inject
    MembershipCache membership;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    @Test
    void unreadCountsFollowTheMarkerWhichOnlyMovesForward() {
        TestUser owner = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), reader.id());
        String first = send(owner, room, "one");
        String second = send(owner, room, "two");
        send(owner, room, "three");

        assertEquals(3, unread(reader, room));
        assertEquals(0, unread(owner, room), "what you wrote, you have read");
        assertNull(state(reader, room, null).get("lastReadId"));

        assertEquals(second, markRead(reader, room, second, 200).getString("lastReadId"));
        assertEquals(1, unread(reader, room));
        // An older message leaves the marker where it was.
        assertEquals(second, markRead(reader, room, first, 200).getString("lastReadId"));
        assertEquals(second, state(reader, room, null).get("lastReadId"));
        assertEquals(1, unread(reader, room));

        var event = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("room.read")
                        && e.path("data")
                                .path("userId")
                                .asText()
                                .equals(reader.id().toString()));
        assertEquals(room.toString(), event.path("data").path("roomId").asText());
    }

    @Test
    void nonMembersGet404AndAMessageOfAnotherRoomIs404AndNothingMoves() {
        TestUser owner = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), reader.id());
        UUID otherRoom = rooms().publicRoom(owner.id());
        String message = send(owner, room, "hello");
        String elsewhere = send(owner, otherRoom, "elsewhere");

        markRead(TestUser.create(), room, message, 404);
        markRead(reader, room, elsewhere, 404);
        markRead(reader, room, UuidV7.generate().toString(), 404);
        markRead(reader, room, null, 400);
        markRead(reader, room, "not-a-uuid", 400);
        assertEquals(1, unread(reader, room));
        assertNull(state(reader, room, null).get("lastReadId"));
        // Counts of a room you are not in are not given at all.
        assertNull(state(TestUser.create(), room, null));
    }

    @Test
    void deletedMessagesAreNotUnread() {
        TestUser owner = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), reader.id());
        String read = send(owner, room, "read");
        markRead(reader, room, read, 200);
        String doomed = send(owner, room, "doomed");
        send(owner, room, "kept");
        io.restassured.RestAssured.given()
                .header("Authorization", owner.bearer())
                .delete("/api/messages/{id}", doomed)
                .then()
                .statusCode(204);
        assertEquals(1, unread(reader, room));
    }

    @Test
    void messagesFromBeforeTheUserJoinedCountAsRead() {
        TestUser owner = TestUser.create();
        TestUser newcomer = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), newcomer.id());
        send(owner, room, "old one");
        String old = send(owner, room, "old two");
        Instant joinedAt = Instant.ofEpochMilli(UuidV7.epochMillis(UUID.fromString(old)) + 1);
        // The next message must be from a later millisecond than the join.
        String next;
        do {
            next = send(owner, room, "new");
        } while (UuidV7.epochMillis(UUID.fromString(next)) < joinedAt.toEpochMilli());
        int sentAfter = 0;
        for (var item : io.restassured.RestAssured.given()
                .header("Authorization", owner.bearer())
                .get("/api/rooms/{id}/messages?limit=200", room)
                .then()
                .extract()
                .jsonPath()
                .getList("items.id", String.class)) {
            if (UuidV7.epochMillis(UUID.fromString(item)) >= joinedAt.toEpochMilli()) {
                sentAfter++;
            }
        }
        assertEquals(sentAfter, ((Number) state(newcomer, room, joinedAt).get("unreadCount")).intValue());
        assertEquals(3 + (sentAfter - 1), unread(newcomer, room), "without joinedAt everything is unread");
    }

    @Test
    void countsAreExactAfterConcurrentSendsAndReads() throws Exception {
        TestUser owner = TestUser.create();
        TestUser other = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), other.id(), reader.id());
        String seed = send(owner, room, "seed");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> sends = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                TestUser sender = i % 2 == 0 ? owner : other;
                int n = i;
                sends.add(() -> send(sender, room, "message " + n));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> sent : pool.invokeAll(sends)) {
                ids.add(sent.get());
            }
            ids.add(seed);
            ids.sort(Comparator.comparing(UUID::fromString));
            // Two devices of the reader race over the history: the furthest read wins, whatever the order.
            List<Callable<String>> reads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String target = ids.get((i * 7) % 25);
                reads.add(() -> markRead(reader, room, target, 200).getString("lastReadId"));
            }
            for (Future<String> read : pool.invokeAll(reads)) {
                read.get();
            }
            String furthest = ids.get(24);
            Map<String, Object> state = state(reader, room, null);
            assertEquals(furthest, state.get("lastReadId"));
            assertEquals(ids.size() - 25, ((Number) state.get("unreadCount")).intValue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readStateQueriesAreBoundedAndChecked() {
        TestUser user = TestUser.create();
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(Map.of("roomId", UUID.randomUUID().toString()));
        }
        io.restassured.RestAssured.given()
                .header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("rooms", tooMany))
                .post("/api/read-state")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
