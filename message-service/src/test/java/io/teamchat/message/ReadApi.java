package io.teamchat.message;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.teamchat.message.MessageTestSupport.TestUser;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The REST calls of the read-state and mention tests. */
final class ReadApi {

    private ReadApi() {}

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

    /** {@code PUT /api/rooms/{id}/read}: the status and, on 200, the marker. */
    static JsonPath markRead(TestUser user, UUID room, Object messageId, int status) {
        Map<String, Object> body = new HashMap<>();
        body.put("messageId", messageId);
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/rooms/{id}/read", room)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    /** The user's state in one room ({@code POST /api/read-state}); null when the room was left out. */
    static Map<String, Object> state(TestUser user, UUID room, Instant joinedAt) {
        Map<String, Object> asked = new HashMap<>();
        asked.put("roomId", room.toString());
        asked.put("joinedAt", joinedAt == null ? null : joinedAt.toString());
        List<Map<String, Object>> states = given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("rooms", List.of(asked)))
                .post("/api/read-state")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return states.isEmpty() ? null : states.getFirst();
    }

    static int unread(TestUser user, UUID room) {
        return ((Number) state(user, room, null).get("unreadCount")).intValue();
    }

    static int mentions(TestUser user, UUID room) {
        return ((Number) state(user, room, null).get("mentionCount")).intValue();
    }
}
