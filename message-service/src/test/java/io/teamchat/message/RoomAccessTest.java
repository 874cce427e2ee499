package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every role against message-service's two doors, REST (read, post) and the command stream (post), with rooms in
 * the real membership cache: owner, member, non-member, admin override, public, private, direct, removed, deleted.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class RoomAccessTest {

    @Inject
    RedisDataSource redis;

    @Inject
    MembershipCache membership;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @ConfigProperty(name = "chat.commands.partitions")
    int partitions;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    private int read(TestUser user, UUID room) {
        return given().header("Authorization", user.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .extract()
                .statusCode();
    }

    private int post(TestUser user, UUID room) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "hi from " + user.username()))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .extract()
                .statusCode();
    }

    /** Sends over the command stream; returns the outcome's event type and, for a refusal, its status. */
    private String command(TestUser user, UUID room) {
        UUID commandId = UUID.randomUUID();
        // To the room's partition, as the gateway does.
        MessageTestSupport.append(
                redis,
                StreamPartitions.keyOf(prefix + "commands", room, partitions),
                MessageTestSupport.sendCommand(commandId, user, room, "by command", null));
        JsonNode outcome = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("data").path("commandId").asText().equals(commandId.toString()));
        String type = outcome.path("type").asText();
        return type.equals("command.rejected")
                ? type + " " + outcome.path("data").path("status").asInt()
                : type;
    }

    @Test
    void publicRoom() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        TestUser outsider = TestUser.create();
        TestUser admin = TestUser.administrator();
        UUID room = rooms().publicRoom(owner.id(), member.id());

        assertEquals(201, post(owner, room));
        assertEquals(201, post(member, room));
        assertEquals(200, read(member, room));
        assertEquals(404, read(outsider, room), "not a member: its messages do not exist for you");
        assertEquals(404, post(outsider, room));
        assertEquals(200, read(admin, room), "the admin override");
        assertEquals(201, post(admin, room), "the admin override");
        assertEquals("message.created", command(member, room));
        assertEquals("command.rejected 404", command(outsider, room));
        assertEquals("message.created", command(admin, room), "the admin override on the command path");
        given().header("Authorization", owner.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(5));
    }

    @Test
    void privateAndDirectRooms() {
        TestUser owner = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID secret = rooms().privateRoom(owner.id());
        assertEquals(201, post(owner, secret));
        assertEquals(404, read(outsider, secret));
        assertEquals("command.rejected 404", command(outsider, secret));
        assertEquals(200, read(TestUser.administrator(), secret));

        TestUser other = TestUser.create();
        UUID direct = rooms().directRoom(owner.id(), other.id());
        assertEquals(201, post(other, direct));
        assertEquals(404, post(outsider, direct));
        assertEquals(201, post(TestUser.administrator(), direct));
    }

    @Test
    void removedMembersAndDeletedRoomsAreRefusedAtOnce() {
        TestUser owner = TestUser.create();
        TestUser leaver = TestUser.create();
        UUID room = rooms().publicRoom(owner.id(), leaver.id());
        assertEquals(201, post(leaver, room));

        rooms().remove(room, leaver.id());
        assertEquals(404, post(leaver, room));
        assertEquals("command.rejected 404", command(leaver, room));

        rooms().delete(room);
        assertEquals(404, read(owner, room));
        assertEquals(404, read(TestUser.administrator(), room), "a deleted room is gone for admins too");
    }

    @Test
    void aRoomNobodyPublishedIsNotFound() {
        assertEquals(404, read(TestUser.administrator(), UUID.randomUUID()));
    }
}
