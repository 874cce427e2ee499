package io.teamchat.gateway.readstate;

import static io.teamchat.gateway.support.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.RoomRead;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * {@code mentioned} and {@code room-read} reach every socket of their user, room open or not, and nobody else's; a
 * socket send carries the mentioned users auth-service knows (docs/conversation.md).
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class MentionAndReadSocketTest extends GatewayTestBase {

    /**
     * Publishes until the socket hears {@code event}: the gateway reads the events stream from its end, so an entry
     * written before it started reading would pass it by. Repeats of a message.created are delivered once.
     */
    private JSONObject publishUntil(TestSocket socket, String event, EventType type, Object data) {
        for (int attempt = 0; attempt < 40; attempt++) {
            streams().publish(type, data);
            JSONObject heard = socket.next(event, 250);
            if (heard != null) {
                return heard;
            }
        }
        throw new AssertionError(event + " never arrived");
    }

    @Test
    void mentionedReachesEverySocketOfTheMentionedMemberAndNoOneElse() throws Exception {
        TestUser sender = TestUser.create();
        TestUser mentioned = TestUser.create();
        TestUser bystander = TestUser.create();
        UUID roomId = roomWith(sender, mentioned, bystander);
        TestSocket inRoom = connect(mentioned);
        assertEquals(
                true,
                inRoom.request("join-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
        TestSocket elsewhere = connect(mentioned);
        TestSocket bystanderSocket = connect(bystander);
        bystanderSocket.request("join-room", Map.of("roomId", roomId.toString()));

        MessagePayload first = message(roomId, sender, "hi @" + mentioned.username(), mentioned);
        JSONObject heard = publishUntil(
                elsewhere,
                "mentioned",
                EventType.MESSAGE_CREATED,
                new MessageCreated(first, new UserSummary(sender.id(), sender.username(), null), null));
        assertEquals(first.id().toString(), heard.getJSONObject("message").getString("id"));
        assertEquals(roomId.toString(), heard.getString("roomId"));
        JSONObject inRoomHeard = inRoom.next("mentioned", 5000);
        assertNotNull(inRoomHeard, "the socket with the room open hears it too");
        assertEquals(first.id().toString(), inRoomHeard.getJSONObject("message").getString("id"));

        // Barrier: a second message mentions the bystander; the first `mentioned` they hear must be that one.
        MessagePayload second = message(roomId, sender, "and @" + bystander.username(), bystander);
        streams()
                .publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(second, new UserSummary(sender.id(), sender.username(), null), null));
        JSONObject bystanderHeard = bystanderSocket.next("mentioned", 10_000);
        assertNotNull(bystanderHeard);
        assertEquals(
                second.id().toString(), bystanderHeard.getJSONObject("message").getString("id"));
    }

    @Test
    void roomReadReachesEverySocketOfTheReaderOnly() throws Exception {
        TestUser reader = TestUser.create();
        TestUser other = TestUser.create();
        UUID roomId = roomWith(reader, other);
        TestSocket phone = connect(reader);
        TestSocket laptop = connect(reader);
        TestSocket otherSocket = connect(other);
        UUID lastReadId = UuidV7.generate();

        JSONObject heard = publishUntil(
                phone,
                "room-read",
                EventType.ROOM_READ,
                new RoomRead(reader.id(), roomId, lastReadId, UUID.randomUUID()));
        assertEquals(roomId.toString(), heard.getString("roomId"));
        assertEquals(lastReadId.toString(), heard.getString("lastReadId"));
        JSONObject laptopHeard = laptop.next("room-read", 5000);
        assertNotNull(laptopHeard);
        assertEquals(lastReadId.toString(), laptopHeard.getString("lastReadId"));

        // Barrier: the other user's own read; the first room-read they hear must be theirs.
        UUID otherRead = UuidV7.generate();
        streams().publish(EventType.ROOM_READ, new RoomRead(other.id(), roomId, otherRead, UUID.randomUUID()));
        JSONObject otherHeard = otherSocket.next("room-read", 10_000);
        assertNotNull(otherHeard);
        assertEquals(otherRead.toString(), otherHeard.getString("lastReadId"));
    }

    @Test
    void aSocketSendCarriesTheMentionedUsersAuthServiceKnows() throws Exception {
        TestUser sender = TestUser.create();
        TestUser known = TestUser.create();
        authServiceKnows(known);
        UUID roomId = roomWith(sender, known);
        connect(sender)
                .emit(
                        "send-message",
                        new JSONObject(Map.of(
                                "roomId",
                                roomId.toString(),
                                "content",
                                "@" + known.username().toUpperCase() + " and @nobody_" + known.username())));
        JsonNode command =
                streams().await("commands", data -> data.path("roomId").asText().equals(roomId.toString()));
        List<String> candidates = new java.util.ArrayList<>();
        command.path("data").path("mentionCandidates").forEach(id -> candidates.add(id.asText()));
        assertEquals(List.of(known.id().toString()), candidates);
    }
}
