package io.teamchat.gateway.live;

import static io.teamchat.gateway.support.TestMessages.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MemberJoined;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.UserSummary;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.streams.LiveRoutes;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Live fan-out against the real Redis (docs/events.md, "Live fan-out"): this gateway subscribes to a room's sharded
 * channel only while it has sockets in the room or a send waiting there, receives only those rooms' events, hears
 * users' events (acks' refusals, mentions) from the user-events stream, and after losing its subscription connection
 * subscribes again and makes its sockets reconnect and catch up.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class LiveFanoutTest extends GatewayTestBase {

    @Inject
    RoomChannels channels;

    @Inject
    MeterRegistry meters;

    @Test
    void theGatewayReceivesOnlyTheRoomsItsSocketsJoined() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID joined = roomWith(alice, bob);
        UUID notJoinedHere = roomWith(alice, bob);
        TestSocket socket = connect(alice);
        join(socket, joined);
        double before = roomChannelEvents();

        // In one round trip, the other room's first: were it received, it would come first.
        MessagePayload elsewhere = message(notJoinedHere, bob, "not for this gateway");
        MessagePayload here = message(joined, bob, "for this gateway");
        streams().publishAll(created(elsewhere, bob, null), created(here, bob, null));

        JSONObject received = socket.next("message-received", 5000);
        assertNotNull(received);
        assertEquals(here.id().toString(), received.getJSONObject("message").getString("id"));
        assertNull(socket.next("message-received", 300), "the other room's message never arrives");
        assertEquals(1.0, roomChannelEvents() - before, "one room event came in: the joined room's");
        assertEquals(0, shardSubscribers(notJoinedHere), "nobody subscribes to a room without sockets here");
    }

    @Test
    void theSubscriptionFollowsJoinLeaveAndDisconnect() throws Exception {
        TestUser alice = TestUser.create();
        UUID roomId = roomWith(alice);
        TestSocket first = connect(alice);
        TestSocket second = connect(alice);
        assertEquals(0, shardSubscribers(roomId));

        join(first, roomId);
        assertEquals(1, shardSubscribers(roomId), "subscribed before join-room is acked");
        assertTrue(channels.subscribedRooms().contains(roomId));
        join(second, roomId);
        assertEquals(1, shardSubscribers(roomId), "one subscription per gateway, however many sockets");

        assertTrue(
                first.request("leave-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
        assertEquals(1, shardSubscribers(roomId), "another socket here still has the room");
        second.close();
        Await.until("unsubscribed when the last socket in the room disconnected", () -> shardSubscribers(roomId) == 0);
        assertFalse(channels.subscribedRooms().contains(roomId));

        join(first, roomId);
        assertEquals(1, shardSubscribers(roomId));
        assertTrue(
                first.request("leave-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
        Await.until("unsubscribed when the last socket left the room", () -> shardSubscribers(roomId) == 0);
    }

    @Test
    void memberLeftReachesTheGatewayBeforeTheRoomsLaterMessages() throws Exception {
        TestUser owner = TestUser.create();
        TestUser leaver = TestUser.create();
        UUID roomId = roomWith(owner, leaver);
        TestSocket ownerSocket = connect(owner);
        TestSocket leaverSocket = connect(leaver);
        join(ownerSocket, roomId);
        join(leaverSocket, roomId);

        // Published back to back, as room-service's member.left and message-service's next message can be.
        MessagePayload later = message(roomId, owner, "after the removal");
        streams()
                .publishAll(
                        EventEnvelope.of(EventType.MEMBER_LEFT, new MemberLeft(roomId, leaver.id(), true), mapper()),
                        created(later, owner, null));

        JSONObject userLeft = ownerSocket.next("user-left", 5000);
        assertNotNull(userLeft);
        assertEquals(leaver.id().toString(), userLeft.getString("userId"));
        JSONObject ownerHeard = ownerSocket.next("message-received", 5000);
        assertNotNull(ownerHeard);
        assertEquals(later.id().toString(), ownerHeard.getJSONObject("message").getString("id"));
        assertNotNull(leaverSocket.next("removed-from-room", 5000), "the removed member is told");
        assertNull(leaverSocket.next("message-received", 300), "a removed member never gets a later message");
    }

    @Test
    void aNewMemberHearsUserJoinedOnEverySocketOnceAndNobodyElseDoes() throws Exception {
        TestUser owner = TestUser.create();
        TestUser added = TestUser.create();
        TestUser unrelated = TestUser.create();
        UUID roomId = roomWith(owner, added);
        TestSocket ownerSocket = connect(owner);
        TestSocket inTheRoom = connect(added);
        TestSocket elsewhere = connect(added);
        TestSocket stranger = connect(unrelated);
        join(ownerSocket, roomId);
        join(inTheRoom, roomId); // as a device that joined the room already would be

        // room-service's member.joined, published as it does: on the room's channel and in user-events.
        streams()
                .publishAll(EventEnvelope.of(
                        EventType.MEMBER_JOINED,
                        new MemberJoined(roomId, new UserSummary(added.id(), added.username(), null)),
                        mapper()));

        JSONObject heard = elsewhere.next("user-joined", 5000);
        assertNotNull(heard, "a socket of the new member that has not joined the room hears it");
        assertEquals(roomId.toString(), heard.getString("roomId"));
        assertEquals(added.id().toString(), heard.getJSONObject("user").getString("id"));
        assertNotNull(inTheRoom.next("user-joined", 5000), "a socket in the room hears it from the room");
        assertNotNull(ownerSocket.next("user-joined", 5000), "the room's other members hear it");
        assertNull(elsewhere.next("user-joined", 500), "once, not from both routes");
        assertNull(inTheRoom.next("user-joined", 300), "once, not from both routes");
        assertNull(stranger.next("user-joined", 300), "nobody else hears of the room");
    }

    @Test
    void aSenderWhoDidNotJoinTheRoomStillGetsItsAck() throws Exception {
        TestUser sender = TestUser.create();
        UUID roomId = roomWith(sender);
        TestSocket socket = connect(sender);
        CompletableFuture<JSONObject> ack =
                socket.emit("send-message", new JSONObject(Map.of("roomId", roomId.toString(), "content", "no join")));
        JsonNode command = streams()
                .await("commands", data -> data.path("roomId").asText().equals(roomId.toString()))
                .path("data");
        assertEquals(1, shardSubscribers(roomId), "subscribed while the send waits for its outcome");

        MessagePayload stored = message(roomId, sender, "no join");
        streams()
                .publishAll(created(
                        stored,
                        sender,
                        UUID.fromString(command.path("commandId").asText())));

        JSONObject answer = ack.get(5, TimeUnit.SECONDS);
        assertTrue(answer.getBoolean("ok"), answer.toString());
        assertEquals(stored.id().toString(), answer.getJSONObject("message").getString("id"));
        assertNull(socket.next("message-received", 300), "the socket did not join the room");
        Await.until("the room is let go once the ack is answered", () -> shardSubscribers(roomId) == 0);
    }

    @Test
    void aMentionReachesTheMentionedUserWhereNoSocketHasTheRoom() throws Exception {
        TestUser sender = TestUser.create();
        TestUser mentioned = TestUser.create();
        UUID roomId = roomWith(sender, mentioned);
        TestSocket socket = connect(mentioned);
        assertEquals(0, shardSubscribers(roomId), "this gateway does not hear the room");

        MessagePayload message = message(roomId, sender, "hi @" + mentioned.username(), mentioned);
        streams().publishAll(created(message, sender, null));

        JSONObject heard = socket.next("mentioned", 5000);
        assertNotNull(heard);
        assertEquals(message.id().toString(), heard.getJSONObject("message").getString("id"));
        assertNull(socket.next("message-received", 300));
    }

    @Test
    void afterTheSubscriptionConnectionIsKilledRoomsAreSubscribedAgainAndSocketsReconnect() throws Exception {
        TestUser alice = TestUser.create();
        UUID roomId = roomWith(alice);
        TestSocket socket = track(TestSocket.reconnecting(base, alice.token(), true));
        assertNotNull(socket.nextConnect(10_000));
        join(socket, roomId);
        // A send waiting for its outcome holds the room too, past the socket's reconnection.
        socket.emit("send-message", new JSONObject(Map.of("roomId", roomId.toString(), "content", "pending")));
        streams().await("commands", data -> data.path("roomId").asText().equals(roomId.toString()));
        long killed = subscriptionClientId().orElseThrow();

        redis.execute("CLIENT", "KILL", "ID", Long.toString(killed));

        assertNotNull(socket.nextConnect(10_000), "the socket was closed to catch up, and reconnected");
        long renewed = Await.value("a new subscription connection", this::subscriptionClientId);
        assertNotEquals(killed, renewed);
        assertEquals(1, shardSubscribers(roomId), "the room is subscribed again");

        join(socket, roomId);
        MessagePayload after = message(roomId, alice, "after the reconnection");
        streams().publishAll(created(after, alice, null));
        JSONObject received = socket.next("message-received", 5000);
        assertNotNull(received);
        assertEquals(after.id().toString(), received.getJSONObject("message").getString("id"));
    }

    private void join(TestSocket socket, UUID roomId) throws Exception {
        JSONObject ack = socket.request("join-room", Map.of("roomId", roomId.toString()));
        assertTrue(ack.getBoolean("ok"), ack.toString());
    }

    private double roomChannelEvents() {
        return meters.get("chat.gateway.events.in")
                .tag("source", "room-channel")
                .counter()
                .count();
    }

    /** PUBSUB SHARDNUMSUB: how many connections subscribe to the room's channel (this gateway's, at most one). */
    private long shardSubscribers(UUID roomId) {
        return redis.execute("PUBSUB", "SHARDNUMSUB", LiveRoutes.roomChannel(prefix, roomId))
                .get(1)
                .toLong();
    }

    /** The id of this gateway's subscription connection in CLIENT LIST (by its name). */
    private Optional<Long> subscriptionClientId() {
        String list = redis.execute("CLIENT", "LIST").toString();
        return list.lines()
                .filter(line -> line.contains(" name=" + channels.clientName() + " "))
                .map(line -> Long.parseLong(line.substring(3, line.indexOf(' '))))
                .findFirst();
    }

    private EventEnvelope created(MessagePayload message, TestUser sender, UUID commandId) {
        return EventEnvelope.of(
                EventType.MESSAGE_CREATED,
                new MessageCreated(message, new UserSummary(sender.id(), sender.username(), null), commandId),
                mapper());
    }
}
