package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Pins (docs/conversation.md): members pin; the pinner, the room's owner and admins unpin; message-updated. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class PinsTest {

    @Inject
    MembershipCache membership;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    private static int pin(TestUser user, String messageId) {
        return given().header("Authorization", user.bearer())
                .put("/api/messages/{id}/pin", messageId)
                .then()
                .extract()
                .statusCode();
    }

    private static int unpin(TestUser user, String messageId) {
        return given().header("Authorization", user.bearer())
                .delete("/api/messages/{id}/pin", messageId)
                .then()
                .extract()
                .statusCode();
    }

    private static List<String> pins(TestUser user, UUID room) {
        return given().header("Authorization", user.bearer())
                .get("/api/rooms/{id}/pins", room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    /** Waits for the message.updated of this message that matches. */
    private void awaitUpdated(String messageId, Predicate<JsonNode> matches) {
        MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.updated")
                        && e.path("data").path("message").path("id").asText().equals(messageId)
                        && matches.test(e.path("data").path("message")));
    }

    @Test
    void aMemberPinsAndEveryViewAndTheRoomSeeIt() {
        TestUser owner = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), bob.id());
        String first = MessageTestSupport.send(owner, room, "first");
        String second = MessageTestSupport.send(owner, room, "second");
        given().header("Authorization", bob.bearer())
                .put("/api/messages/{id}/pin", first)
                .then()
                .statusCode(200)
                .body("pinned", org.hamcrest.Matchers.equalTo(true));
        assertEquals(200, pin(bob, second));
        assertEquals(200, pin(bob, second), "pinning twice changes nothing");
        assertEquals(List.of(second, first), pins(owner, room), "newest pin first");
        assertEquals(
                List.of(true, true),
                given().header("Authorization", owner.bearer())
                        .get("/api/rooms/{id}/messages", room)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.pinned"));
        awaitUpdated(first, message -> message.path("pinned").asBoolean());
    }

    @Test
    void everyViewSaysWhoPinnedAndNullOnceUnpinned() {
        TestUser owner = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), bob.id());
        String word = "pinword" + UUID.randomUUID().toString().substring(0, 8);
        String root = MessageTestSupport.send(owner, room, "a root about " + word);
        String reply = given().header("Authorization", owner.bearer())
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("content", "a reply", "parentId", root))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String plain = MessageTestSupport.send(owner, room, "never pinned");
        String bobId = bob.id().toString();

        given().header("Authorization", bob.bearer())
                .put("/api/messages/{id}/pin", root)
                .then()
                .statusCode(200)
                .body("pinnedBy", org.hamcrest.Matchers.equalTo(bobId));
        assertEquals(200, pin(bob, reply));

        io.restassured.path.json.JsonPath history = MessageTestSupport.history(owner, room);
        assertEquals(bobId, history.getString("items.find { it.id == '" + root + "' }.pinnedBy"));
        assertEquals(bobId, history.getString("items.find { it.id == '" + reply + "' }.pinnedBy"));
        Map<String, Object> unpinned = history.getMap("items.find { it.id == '" + plain + "' }");
        assertTrue(unpinned.containsKey("pinnedBy"), "pinnedBy is always there");
        assertNull(unpinned.get("pinnedBy"));
        assertEquals(
                List.of(bobId),
                given().header("Authorization", owner.bearer())
                        .get("/api/messages/{id}/thread", root)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.pinnedBy"),
                "thread");
        assertEquals(
                List.of(bobId, bobId),
                given().header("Authorization", owner.bearer())
                        .get("/api/rooms/{id}/pins", room)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("items.pinnedBy"),
                "pins");
        assertEquals(
                List.of(bobId),
                given().header("Authorization", owner.bearer())
                        .queryParam("q", word)
                        .get("/api/rooms/{id}/messages/search", room)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.pinnedBy"),
                "search");
        awaitUpdated(root, message -> message.path("pinnedBy").asText().equals(bobId));

        given().header("Authorization", owner.bearer())
                .delete("/api/messages/{id}/pin", root)
                .then()
                .statusCode(200)
                .body("pinned", org.hamcrest.Matchers.equalTo(false))
                .body("pinnedBy", org.hamcrest.Matchers.nullValue());
        awaitUpdated(
                root,
                message -> !message.path("pinned").asBoolean()
                        && message.path("pinnedBy").isNull());
    }

    @Test
    void thePinnerTheOwnerAndAdminsUnpinOtherMembersGet403OutsidersGet404() {
        TestUser owner = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser carol = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = rooms().privateRoom(owner.id(), bob.id(), carol.id());
        String byBob = MessageTestSupport.send(carol, room, "pinned by bob");
        String byCarol = MessageTestSupport.send(carol, room, "pinned by carol");
        String third = MessageTestSupport.send(carol, room, "pinned by bob too");
        assertEquals(200, pin(bob, byBob));
        assertEquals(200, pin(carol, byCarol));
        assertEquals(200, pin(bob, third));
        assertEquals(404, pin(outsider, byBob));
        assertEquals(404, unpin(outsider, byBob));
        assertEquals(
                404,
                given().header("Authorization", outsider.bearer())
                        .get("/api/rooms/{id}/pins", room)
                        .then()
                        .extract()
                        .statusCode());

        assertEquals(403, unpin(carol, byBob), "a member unpins only their own pins");
        given().header("Authorization", carol.bearer())
                .delete("/api/messages/{id}/pin", byBob)
                .then()
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("status", org.hamcrest.Matchers.equalTo(403));
        assertEquals(List.of(third, byCarol, byBob), pins(carol, room));
        assertEquals(200, unpin(carol, byCarol));
        assertEquals(200, unpin(owner, byBob));
        assertEquals(200, unpin(TestUser.administrator(), third));
        assertEquals(200, unpin(bob, third), "unpinning an unpinned message changes nothing");
        assertEquals(List.of(), pins(bob, room));
    }

    @Test
    void deletingAPinnedMessageRemovesThePin() {
        TestUser owner = TestUser.create();
        UUID room = rooms().publicRoom(owner.id());
        String id = MessageTestSupport.send(owner, room, "pinned then deleted");
        assertEquals(200, pin(owner, id));
        given().header("Authorization", owner.bearer())
                .delete("/api/messages/{id}", id)
                .then()
                .statusCode(204);
        assertEquals(List.of(), pins(owner, room));
        assertEquals(404, pin(owner, id));
    }
}
