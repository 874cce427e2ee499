package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Edit and delete over REST, with the authorization matrix walked for every role. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class EditDeleteTest {

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

    /** Author, the room's owner, another member, a non-member and an administrator who is not a member. */
    record Cast(UUID room, TestUser author, TestUser owner, TestUser member, TestUser outsider, TestUser admin) {
        static Cast create(TestRooms rooms) {
            TestUser author = TestUser.create();
            TestUser owner = TestUser.create();
            TestUser member = TestUser.create();
            UUID room = rooms.publicRoom(owner.id(), author.id(), member.id());
            // The administrator is not a member: the admin override decides for them.
            return new Cast(room, author, owner, member, TestUser.create(), TestUser.administrator());
        }
    }

    private static String send(TestUser user, UUID room, String content) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static int edit(TestUser user, String messageId, String content) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .patch("/api/messages/{id}", messageId)
                .then()
                .extract()
                .statusCode();
    }

    private static int delete(TestUser user, String messageId) {
        return given().header("Authorization", user.bearer())
                .delete("/api/messages/{id}", messageId)
                .then()
                .extract()
                .statusCode();
    }

    private static JsonPath history(TestUser user, UUID room) {
        return given().header("Authorization", user.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void theAuthorEditsTrimmedContentKeepingCreatedAtAndEveryoneSeesIt() {
        Cast cast = Cast.create(rooms());
        String id = send(cast.author(), cast.room(), "frist");
        JsonPath before = history(cast.author(), cast.room());

        JsonPath edited = given().header("Authorization", cast.author().bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "  first <i>really</i>  "))
                .patch("/api/messages/{id}", id)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("content", equalTo("first <i>really</i>"))
                .body("isEdited", equalTo(true))
                .extract()
                .jsonPath();
        assertEquals(before.getString("items[0].createdAt"), edited.getString("createdAt"));
        assertNotEquals(edited.getString("createdAt"), edited.getString("updatedAt"));

        JsonPath after = history(cast.member(), cast.room());
        assertEquals("first <i>really</i>", after.getString("items[0].content"));
        assertEquals(true, after.getBoolean("items[0].isEdited"));

        var event = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.updated")
                        && e.path("data").path("message").path("id").asText().equals(id));
        assertEquals(
                "first <i>really</i>",
                event.path("data").path("message").path("content").asText());
    }

    @Test
    void editMatrixAuthorAndAdminYesOwnerAndMember403OutsiderAnd404() {
        Cast cast = Cast.create(rooms());
        String id = send(cast.author(), cast.room(), "original");
        assertEquals(403, edit(cast.owner(), id, "owner edit"));
        assertEquals(403, edit(cast.member(), id, "member edit"));
        assertEquals(404, edit(cast.outsider(), id, "outsider edit"));
        assertEquals("original", history(cast.author(), cast.room()).getString("items[0].content"));
        assertEquals(200, edit(cast.author(), id, "author edit"));
        assertEquals(200, edit(cast.admin(), id, "admin edit"));
        assertEquals("admin edit", history(cast.author(), cast.room()).getString("items[0].content"));
    }

    @Test
    void deleteMatrixAuthorOwnerAndAdminYesMember403Outsider404() {
        Cast cast = Cast.create(rooms());
        String byAuthor = send(cast.author(), cast.room(), "author deletes me");
        String byOwner = send(cast.author(), cast.room(), "owner deletes me");
        String byAdmin = send(cast.author(), cast.room(), "admin deletes me");

        assertEquals(403, delete(cast.member(), byAuthor));
        assertEquals(404, delete(cast.outsider(), byAuthor));
        assertEquals(3, history(cast.author(), cast.room()).getList("items").size());

        assertEquals(204, delete(cast.author(), byAuthor));
        assertEquals(204, delete(cast.owner(), byOwner));
        assertEquals(204, delete(cast.admin(), byAdmin));
        given().header("Authorization", cast.member().bearer())
                .get("/api/rooms/{id}/messages", cast.room())
                .then()
                .body("items", hasSize(0));
    }

    @Test
    void deleteRemovesTheContentForGoodAndAnnouncesIt() throws Exception {
        Cast cast = Cast.create(rooms());
        String id = send(cast.author(), cast.room(), "a secret never to be seen again");
        assertEquals(204, delete(cast.author(), id));

        // Not a hidden flag: no row holds the text any more.
        try (var connection = database.getConnection();
                var rows = connection
                        .createStatement()
                        .executeQuery("select count(*) from message.messages where content like '%secret never%'")) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
        assertFalse(history(cast.author(), cast.room()).getList("items.id").contains(id));

        var event = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.deleted")
                        && e.path("data").path("messageId").asText().equals(id));
        assertEquals(cast.room().toString(), event.path("data").path("roomId").asText());
        assertFalse(event.toString().contains("secret"));

        // Gone is gone: a second delete and an edit of the deleted message are 404.
        assertEquals(404, delete(cast.author(), id));
        assertEquals(404, edit(cast.author(), id, "resurrect"));
    }

    @Test
    void badEditsAre400AndChangeNothing() {
        Cast cast = Cast.create(rooms());
        String id = send(cast.author(), cast.room(), "keep me");
        assertEquals(400, edit(cast.author(), id, "   "));
        assertEquals(400, edit(cast.author(), id, "x".repeat(4001)));
        assertEquals(400, edit(cast.author(), id, "nul\u0000"));
        given().header("Authorization", cast.author().bearer())
                .contentType(ContentType.JSON)
                .body("{\"content\":\"" + " ".repeat(20_000) + "\"}")
                .patch("/api/messages/{id}", id)
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        given().header("Authorization", cast.author().bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "ok"))
                .patch("/api/messages/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        JsonPath after = history(cast.author(), cast.room());
        assertEquals("keep me", after.getString("items[0].content"));
        assertEquals(false, after.getBoolean("items[0].isEdited"));
    }

    @ConfigProperty(name = "chat.commands.partitions")
    int partitions;

    @Test
    void editsAndDeletesAreAppliedAndPublishedInStreamOrderWithTheRoomsSends() {
        Cast cast = Cast.create(rooms());
        String target = send(cast.author(), cast.room(), "to be edited, then deleted");
        UUID edit = UUID.randomUUID();
        UUID delete = UUID.randomUUID();
        Map<String, Object> editData = MessageTestSupport.onMessage(edit, cast.author(), cast.room(), target);
        editData.put("content", "edited between sends");
        List<String> sent = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            if (i == 3) {
                entries.add(MessageTestSupport.command("message.edit", editData));
            }
            String clientMsgId = "order-" + i + "-" + UUID.randomUUID();
            sent.add(clientMsgId);
            entries.add(MessageTestSupport.sendCommand(
                    UUID.randomUUID(), cast.member(), cast.room(), "send " + i, clientMsgId));
        }
        entries.add(MessageTestSupport.command(
                "message.delete", MessageTestSupport.onMessage(delete, cast.owner(), cast.room(), target)));
        String partition = StreamPartitions.keyOf(prefix + "commands", cast.room(), partitions);
        MessageTestSupport.appendTogether(redis, partition, entries);

        MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("data").path("commandId").asText().equals(delete.toString()));
        List<String> order = MessageTestSupport.envelopes(redis, prefix + "events").stream()
                .filter(e -> e.path("data").path("commandId").asText().equals(edit.toString())
                        || e.path("data").path("commandId").asText().equals(delete.toString())
                        || sent.contains(e.path("data")
                                .path("message")
                                .path("clientMsgId")
                                .asText()))
                .map(e -> e.path("type").asText())
                .toList();
        assertEquals(
                List.of(
                        "message.created",
                        "message.created",
                        "message.created",
                        "message.updated",
                        "message.created",
                        "message.created",
                        "message.created",
                        "message.created",
                        "message.deleted"),
                order);
        JsonPath history = history(cast.member(), cast.room());
        assertEquals(7, history.getList("items").size());
        assertFalse(history.getList("items.id").contains(target));
    }
}
