package io.teamchat.room.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Small request helpers and a room factory with overrides, so tests state only what matters to them. */
public final class RoomApi {

    private RoomApi() {}

    public static RequestSpecification as(TestUser user) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A create-room body: a unique public room unless overridden (a null value removes the field). */
    public static Map<String, Object> roomBody(Map<String, Object> overrides) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", uniqueName("room"));
        body.put("description", "about things");
        body.put("isPrivate", false);
        overrides.forEach((key, value) -> {
            if (value == null) {
                body.remove(key);
            } else {
                body.put(key, value);
            }
        });
        return body;
    }

    public static UUID createRoom(TestUser owner, Map<String, Object> overrides) {
        String id = as(owner)
                .body(roomBody(overrides))
                .post("/api/rooms")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return UUID.fromString(id);
    }

    public static UUID publicRoom(TestUser owner) {
        return createRoom(owner, Map.of());
    }

    public static UUID privateRoom(TestUser owner) {
        return createRoom(owner, Map.of("isPrivate", true));
    }

    public static void join(TestUser user, UUID roomId) {
        as(user).post("/api/rooms/{id}/join", roomId).then().statusCode(200);
    }

    public static void addMember(TestUser by, UUID roomId, TestUser user) {
        as(by).body(Map.of("userId", user.id()))
                .post("/api/rooms/{id}/members", roomId)
                .then()
                .statusCode(201);
    }
}
