package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class MessageResourceTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MembershipCache membership;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    private String send(TestUser user, UUID roomId, Object body) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/rooms/{id}/messages", roomId)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void memberSendsAndReadsHistoryNewestFirst() {
        TestUser alice = TestUser.create();
        UUID room = rooms().publicRoom(alice.id());

        given().header("Authorization", alice.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "  hello <b>world</b>  "))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .body("content", equalTo("hello <b>world</b>"))
                .body("roomId", equalTo(room.toString()))
                .body("userId", equalTo(alice.id().toString()))
                .body("type", equalTo("text"))
                .body("isEdited", equalTo(false))
                .body("createdAt", notNullValue());
        String second = send(alice, room, Map.of("content", "second"));

        given().header("Authorization", alice.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].id", equalTo(second))
                .body("items[1].content", equalTo("hello <b>world</b>"))
                .body("hasMore", equalTo(false))
                .body("nextBefore", nullValue());
    }

    @Test
    void pagesWalkBackwardsWithTheBeforeCursorAndForwardWithAfter() {
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(bob.id());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(send(bob, room, Map.of("content", "m" + i)));
        }
        String cursor = given().header("Authorization", bob.bearer())
                .queryParam("limit", 2)
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items.id", contains(ids.get(4), ids.get(3)))
                .body("hasMore", equalTo(true))
                .extract()
                .path("nextBefore");
        assertEquals(ids.get(3), cursor);
        given().header("Authorization", bob.bearer())
                .queryParam("limit", 2)
                .queryParam("before", cursor)
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items.id", contains(ids.get(2), ids.get(1)))
                .body("hasMore", equalTo(true));
        given().header("Authorization", bob.bearer())
                .queryParam("limit", 2)
                .queryParam("before", ids.get(1))
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items.id", contains(ids.get(0)))
                .body("hasMore", equalTo(false));
        given().header("Authorization", bob.bearer())
                .queryParam("limit", 2)
                .queryParam("after", ids.get(1))
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items.id", contains(ids.get(3), ids.get(2)))
                .body("hasMore", equalTo(true));
    }

    @Test
    void sameClientMsgIdGivesTheSameMessageOnce() {
        TestUser carol = TestUser.create();
        UUID room = rooms().publicRoom(carol.id());
        Map<String, String> body = Map.of("content", "only once", "clientMsgId", "c-" + UUID.randomUUID());
        String first = send(carol, room, body);
        String again = send(carol, room, body);
        assertEquals(first, again);
        given().header("Authorization", carol.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(1));
    }

    @Test
    void publishesMessageCreatedWithTheSender() {
        TestUser dave = TestUser.create();
        UUID room = rooms().publicRoom(dave.id());
        String id = send(dave, room, Map.of("content", "event me"));
        var envelope = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.created")
                        && e.path("data").path("message").path("id").asText().equals(id));
        assertEquals(
                dave.username(),
                envelope.path("data").path("user").path("username").asText());
        assertEquals(
                room.toString(),
                envelope.path("data").path("message").path("roomId").asText());
    }

    @Test
    void nonMembersGet404AndNothingIsStored() {
        TestUser member = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = rooms().publicRoom(member.id());
        given().header("Authorization", outsider.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().header("Authorization", outsider.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "sneaky"))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(404);
        given().header("Authorization", member.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(0));
    }

    @Test
    void missingOrExpiredTokenIs401ProblemDetails() {
        UUID room = UUID.randomUUID();
        given().get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("title", equalTo("Unauthorized"));
        given().header("Authorization", "Bearer " + io.teamchat.testing.TestTokens.expired(UUID.randomUUID(), "old"))
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void invalidInputIs400WithFieldErrorsAndStoresNothing() {
        TestUser erin = TestUser.create();
        UUID room = rooms().publicRoom(erin.id());
        given().header("Authorization", erin.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "   "))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("content"));
        given().header("Authorization", erin.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "x".repeat(4001)))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("content"));
        given().header("Authorization", erin.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "ok", "type", "system"))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("type"));
        given().header("Authorization", erin.bearer())
                .contentType(ContentType.JSON)
                .body("{\"content\": ")
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
        given().header("Authorization", erin.bearer())
                .queryParam("before", "not-an-id")
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("before"));
        given().header("Authorization", erin.bearer())
                .queryParam("limit", "many")
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("limit"));
        given().header("Authorization", erin.bearer())
                .queryParam("limit", 500)
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().header("Authorization", erin.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void exactly4000CharactersAfterTrimmingAreAccepted() {
        TestUser frank = TestUser.create();
        UUID room = rooms().publicRoom(frank.id());
        send(frank, room, Map.of("content", "  " + "y".repeat(4000) + "\n"));
    }

    @Test
    void nulCharactersAre400AndCharactersAreCountedAsPeopleCountThem() {
        TestUser gus = TestUser.create();
        UUID room = rooms().publicRoom(gus.id());
        given().header("Authorization", gus.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "nul \u0000 inside"))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("content"));
        // 4000 emoji are 8000 UTF-16 units but 4000 characters: accepted, as the gateway accepts them. Sent as
        // raw UTF-8 (16,014 bytes) like browsers do; escaped as JSON \\u pairs they would exceed 16 KiB.
        String emoji = "{\"content\":\"" + "\uD83D\uDE00".repeat(4000) + "\"}";
        given().header("Authorization", gus.bearer())
                .contentType("application/json; charset=UTF-8")
                .body(emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201);
    }

    @Test
    void controlCharactersOtherThanNewlineAndTabAre400() {
        TestUser hal = TestUser.create();
        UUID room = rooms().publicRoom(hal.id());
        for (String content : List.of("carriage\rreturn", "bell\u0007", "escape\u001b[31m")) {
            given().header("Authorization", hal.bearer())
                    .contentType(ContentType.JSON)
                    .body(Map.of("content", content))
                    .post("/api/rooms/{id}/messages", room)
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("content"));
        }
        given().header("Authorization", hal.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "line one\n\tline two"))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .body("content", equalTo("line one\n\tline two"));
    }

    @Test
    void aBodyOver16KiBIs413BeforeParsingAndStoresNothing() {
        TestUser ida = TestUser.create();
        UUID room = rooms().publicRoom(ida.id());
        // 9 MiB of spaces around one word: once accepted and stored; now refused from the Content-Length alone.
        String huge = "{\"content\":\"" + " ".repeat(9 * 1024 * 1024) + "x\"}";
        given().header("Authorization", ida.bearer())
                .contentType(ContentType.JSON)
                .body(huge)
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
        // Not even valid JSON: the size alone decides, so nothing was parsed.
        given().header("Authorization", ida.bearer())
                .contentType(ContentType.JSON)
                .body("{" + "x".repeat(16 * 1024))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(413);
        // 16 KiB exactly is still read (and here refused for its content, not its size).
        String atLimit = "{\"content\":\"" + "z".repeat(16 * 1024 - 14) + "\"}";
        assertEquals(16 * 1024, atLimit.length());
        given().header("Authorization", ida.bearer())
                .contentType(ContentType.JSON)
                .body(atLimit)
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("content"));
        given().header("Authorization", ida.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void aClientMsgIdReusedForADifferentMessageIs409() {
        TestUser hal = TestUser.create();
        UUID room = rooms().publicRoom(hal.id());
        UUID otherRoom = rooms().publicRoom(hal.id());
        String clientMsgId = "c-" + UUID.randomUUID();
        send(hal, room, Map.of("content", "first", "clientMsgId", clientMsgId));
        given().header("Authorization", hal.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "first", "clientMsgId", clientMsgId))
                .post("/api/rooms/{id}/messages", otherRoom)
                .then()
                .statusCode(409)
                .body("errors.field", hasItem("clientMsgId"));
        given().header("Authorization", hal.bearer())
                .get("/api/rooms/{id}/messages", otherRoom)
                .then()
                .body("items", hasSize(0));
    }
}
