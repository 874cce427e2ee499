package io.teamchat.room.readstate;

import static io.teamchat.room.support.RoomApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.teamchat.room.support.RoomApi;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /api/rooms} carries the caller's read state, asked of message-service (docs/conversation.md). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
@QuarkusTestResource(ReadStateStub.class)
class RoomListReadStateTest {

    @Test
    void everyRoomCarriesItsCountsAskedInChunksWithWhenTheCallerJoined() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            UUID room = RoomApi.publicRoom(owner);
            rooms.add(room);
            ReadStateStub.set(owner.id(), room, i);
        }
        RoomApi.join(member, rooms.get(0));
        ReadStateStub.QUERIES.clear();

        JsonPath list =
                as(owner).get("/api/rooms").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> listed = list.getList("$");
        assertEquals(101, listed.size());
        for (Map<String, Object> room : listed) {
            int index = rooms.indexOf(UUID.fromString((String) room.get("id")));
            assertEquals(index, ((Number) room.get("unreadCount")).intValue());
            assertEquals(index / 2, ((Number) room.get("mentionCount")).intValue());
            assertTrue(room.containsKey("lastReadId"));
            assertEquals("owner", room.get("myRole"));
        }
        assertEquals(2, ReadStateStub.QUERIES.size(), "101 rooms in chunks of at most 100");
        for (JsonNode query : ReadStateStub.QUERIES) {
            for (JsonNode asked : query.path("rooms")) {
                assertFalse(asked.path("joinedAt").isNull(), "each room carries when the caller joined");
            }
        }
    }

    @Test
    void aChunkThatFailsListsEveryRoomWithoutCountsRatherThanSomeWithStaleOnes() {
        TestUser owner = TestUser.create();
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            UUID room = RoomApi.publicRoom(owner);
            rooms.add(room);
            ReadStateStub.set(owner.id(), room, 3);
        }
        ReadStateStub.FAILING.add(rooms.get(100)); // in the second chunk; the first one answers
        try {
            List<Map<String, Object>> listed = as(owner)
                    .get("/api/rooms")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$");
            assertEquals(101, listed.size());
            for (Map<String, Object> room : listed) {
                assertFalse(room.containsKey("unreadCount"), "no room shows counts from a partial answer");
                assertEquals("owner", room.get("myRole"));
            }
        } finally {
            ReadStateStub.FAILING.clear();
        }
    }

    @Test
    void roomsWithoutAnAnswerAreListedWithoutCounts() {
        TestUser owner = TestUser.create();
        UUID room = RoomApi.publicRoom(owner);
        Map<String, Object> listed = as(owner)
                .get("/api/rooms")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("find { it.id == '" + room + "' }");
        assertFalse(listed.containsKey("unreadCount"));
        assertEquals("owner", listed.get("myRole"));
    }
}
