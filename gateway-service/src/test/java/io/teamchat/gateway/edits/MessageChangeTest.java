package io.teamchat.gateway.edits;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessageDeleted;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.events.ReactionChanged;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * {@code edit-message} / {@code delete-message} go to message-service's REST API with the socket user's token (the
 * stub keeps the request it got), and {@code message.updated} / {@code message.deleted} / {@code room.deleted} from
 * the events stream reach the room's sockets.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class MessageChangeTest extends GatewayTestBase {

    @ConfigProperty(name = "chat.services.message-url")
    String messageServiceUrl;

    @Test
    void editCallsMessageServiceWithTheUsersTokenAndTheTrimmedContent() throws Exception {
        TestUser user = TestUser.create();
        UUID messageId = UuidV7.generate();
        JSONObject ack = connect(user)
                .request(
                        "edit-message",
                        new JSONObject(Map.of("messageId", messageId.toString(), "content", "  fixed typo \n")));

        assertTrue(ack.getBoolean("ok"), ack.toString());
        assertEquals("fixed typo", ack.getJSONObject("message").getString("content"), "message-service's answer");
        JSONObject request = new JSONObject(given().queryParam("path", "/api/messages/" + messageId)
                .get(messageServiceUrl + "/_stub/last-request")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals("PATCH", request.getString("method"));
        assertEquals("Bearer " + user.token(), request.getString("authorization"));
        assertEquals("fixed typo", new JSONObject(request.getString("body")).getString("content"));
    }

    @Test
    void deleteCallsMessageServiceAndAcksTheId() throws Exception {
        UUID messageId = UuidV7.generate();
        JSONObject ack = connect(TestUser.create())
                .request("delete-message", new JSONObject(Map.of("messageId", messageId.toString())));
        assertTrue(ack.getBoolean("ok"), ack.toString());
        assertEquals(messageId.toString(), ack.getString("messageId"));
    }

    @Test
    void invalidPayloadsAre400BeforeAnyCall() throws Exception {
        TestSocket socket = connect(TestUser.create());
        String id = UuidV7.generate().toString();
        for (Object payload : new Object[] {
            "text",
            new JSONObject(Map.of("messageId", "m-1", "content", "ok")),
            new JSONObject(Map.of("messageId", id, "content", "   ")),
            new JSONObject(Map.of("messageId", id, "content", "bell\u0007")),
            new JSONObject(Map.of("messageId", id))
        }) {
            JSONObject ack = socket.request("edit-message", payload);
            assertFalse(ack.getBoolean("ok"), payload.toString());
            assertEquals(400, ack.getJSONObject("error").getInt("status"), payload.toString());
        }
        JSONObject ack = socket.request("delete-message", new JSONObject(Map.of("messageId", 42)));
        assertEquals(400, ack.getJSONObject("error").getInt("status"));
    }

    @Test
    void updatesDeletesAndRoomDeletionReachTheRoomsSubscribers() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        UUID otherRoom = roomWith(user);
        TestSocket socket = connect(user);
        assertTrue(
                socket.request("join-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
        assertTrue(socket.request("join-room", Map.of("roomId", otherRoom.toString()))
                .getBoolean("ok"));

        MessagePayload edited = message(roomId, "edited text", true);
        streams().publish(EventType.MESSAGE_UPDATED, new MessageUpdated(edited));
        JSONObject updated = socket.next("message-updated", 10_000);
        assertNotNull(updated);
        assertEquals("edited text", updated.getJSONObject("message").getString("content"));
        assertTrue(updated.getJSONObject("message").getBoolean("isEdited"));

        streams().publish(EventType.MESSAGE_DELETED, new MessageDeleted(edited.id(), roomId));
        JSONObject deleted = socket.next("message-deleted", 10_000);
        assertEquals(edited.id().toString(), deleted.getString("messageId"));
        assertEquals(roomId.toString(), deleted.getString("roomId"));

        streams().publish(EventType.ROOM_DELETED, new RoomDeleted(roomId));
        assertEquals(roomId.toString(), socket.next("room-deleted", 10_000).getString("roomId"));

        // Unsubscribed: a late message of the deleted room is not delivered. Events are delivered in stream order,
        // so once the barrier (the other room's message, published after it) is here, the late one would be too.
        UserSummary sender = new UserSummary(user.id(), user.username(), null);
        streams().publish(EventType.MESSAGE_CREATED, new MessageCreated(message(roomId, "late", false), sender, null));
        streams()
                .publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(message(otherRoom, "barrier", false), sender, null));
        JSONObject received = socket.next("message-received", 10_000);
        assertEquals("barrier", received.getJSONObject("message").getString("content"));
        assertEquals(0, socket.pending("message-received"));
    }

    @Test
    void reactionChangesReachTheRoomAndRepeatsThatChangedNothingDoNot() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        assertTrue(
                socket.request("join-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
        UUID messageId = UuidV7.generate();
        UUID reactor = UUID.randomUUID();
        // A repeat (changed: false) first, then a real change: only the change arrives, and it arrives first.
        streams()
                .publish(
                        EventType.REACTION_CHANGED,
                        new ReactionChanged(messageId, roomId, ":tada:", reactor, true, false, UUID.randomUUID()));
        streams()
                .publish(
                        EventType.REACTION_CHANGED,
                        new ReactionChanged(
                                messageId, roomId, "\uD83D\uDC4D", reactor, false, true, UUID.randomUUID()));
        JSONObject changed = socket.next("reaction-changed", 10_000);
        assertNotNull(changed);
        assertEquals(messageId.toString(), changed.getString("messageId"));
        assertEquals(roomId.toString(), changed.getString("roomId"));
        assertEquals("\uD83D\uDC4D", changed.getString("emoji"));
        assertEquals(reactor.toString(), changed.getString("userId"));
        assertFalse(changed.getBoolean("added"));
        assertEquals(0, socket.pending("reaction-changed"));
    }

    private static MessagePayload message(UUID roomId, String content, boolean edited) {
        Instant now = Instant.now();
        return new MessagePayload(
                UuidV7.generate(), roomId, UUID.randomUUID(), content, "text", edited, now, now, null);
    }
}
