package io.teamchat.gateway.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Presence on the socket with the official Java client: presence-changed reaches every socket here that shares a
 * room with the user, wherever the user's own sockets are (here presence-service's event is played on the events
 * stream for a user with no socket on this instance, as for a user on another gateway), once per socket and
 * change; the instance heartbeats; presence-activity is passed on once per change. Negative checks wait for a
 * later event on the same socket (a barrier) instead of sleeping.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class PresenceSocketTest extends GatewayTestBase {

    @Inject
    RedisDataSource redis;

    @Inject
    PresenceFanout presence;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void reachesEverySocketSharingARoomOnceWhereverTheUserIs() throws Exception {
        TestUser alice = TestUser.create(); // connected elsewhere: no socket on this instance
        TestUser bob = TestUser.create();
        TestUser carol = TestUser.create();
        UUID general = roomWith(bob, alice);
        UUID project = roomWith(alice, bob); // bob shares two rooms with alice
        UUID carolsRoom = roomWith(carol, bob);
        TestSocket bobBoth = connect(bob);
        TestSocket bobTab = connect(bob);
        TestSocket carolSocket = connect(carol);
        join(bobBoth, general);
        join(bobBoth, project);
        join(bobTab, general);
        join(carolSocket, carolsRoom);

        Instant seen = Instant.parse("2026-11-29T03:00:00Z");
        streams()
                .publish(
                        EventType.PRESENCE_CHANGED,
                        new PresenceChanged(alice.id(), true, seen, true, "Lunch", "\uD83C\uDF2E"));
        for (TestSocket socket : new TestSocket[] {bobBoth, bobTab}) {
            JSONObject change = socket.next("presence-changed", 10_000);
            assertNotNull(change, "a socket sharing a room with alice hears of her");
            assertEquals(alice.id().toString(), change.getString("userId"));
            assertTrue(change.getBoolean("isOnline"));
            assertTrue(change.getBoolean("away"));
            assertEquals("Lunch", change.getString("status"));
            assertEquals("\uD83C\uDF2E", change.getString("statusEmoji"));
            assertEquals(seen, Instant.parse(change.getString("lastSeen")));
        }

        // Barrier: a change of bob reaches carol (they share a room) and bob's sockets after alice's. So if carol
        // was to get alice's change, or bob's socket in two of alice's rooms to get it twice, it came before.
        streams().publish(EventType.PRESENCE_CHANGED, new PresenceChanged(bob.id(), false, seen));
        JSONObject carolSaw = carolSocket.next("presence-changed", 10_000);
        assertNotNull(carolSaw);
        assertEquals(bob.id().toString(), carolSaw.getString("userId"), "carol shares no room with alice");
        assertFalse(carolSaw.getBoolean("away"));
        assertTrue(carolSaw.isNull("status"));
        JSONObject next = bobBoth.next("presence-changed", 10_000);
        assertEquals(bob.id().toString(), next.getString("userId"), "one change, one event, in two shared rooms");
    }

    @Test
    void aBurstOfChangesReachesTheSocketsSharingARoomInOrder() throws Exception {
        TestUser alice = TestUser.create();
        TestUser dave = TestUser.create(); // shares no room with bob
        TestUser bob = TestUser.create();
        UUID room = roomWith(bob, alice);
        roomWith(dave, TestUser.create());
        TestSocket bobSocket = connect(bob);
        join(bobSocket, room);

        // Handed over at once, as from one read of the stream: the waiting changes are taken together, with one
        // membership read for all their users.
        for (int i = 0; i < 20; i++) {
            presence.deliver(
                    mapper.valueToTree(new PresenceChanged(alice.id(), i % 2 == 0, null, false, "s" + i, null)));
            presence.deliver(mapper.valueToTree(new PresenceChanged(dave.id(), true, null, false, "d" + i, null)));
        }
        presence.deliver(mapper.valueToTree(new PresenceChanged(alice.id(), true, null, false, "end", null)));
        for (int i = 0; i < 20; i++) {
            JSONObject change = bobSocket.next("presence-changed", 10_000);
            assertNotNull(change, "change " + i);
            assertEquals(alice.id().toString(), change.getString("userId"), "dave shares no room with bob");
            assertEquals("s" + i, change.getString("status"), "in the order they were published");
            assertEquals(i % 2 == 0, change.getBoolean("isOnline"));
        }
        assertEquals("end", bobSocket.next("presence-changed", 10_000).getString("status"));
    }

    @Test
    void aMemberRemovedFromTheRoomNoLongerCounts() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = roomWith(bob, alice);
        TestSocket bobSocket = connect(bob);
        join(bobSocket, room);
        removeMember(room, alice);
        streams().publish(EventType.PRESENCE_CHANGED, new PresenceChanged(alice.id(), true, null));
        streams().publish(EventType.PRESENCE_CHANGED, new PresenceChanged(bob.id(), true, null));
        JSONObject first = bobSocket.next("presence-changed", 10_000);
        assertNotNull(first);
        assertEquals(bob.id().toString(), first.getString("userId"), "alice left: her presence is not bob's business");
    }

    @Test
    void theInstanceHeartbeatsUnderTheIdOfItsConnectionEvents() {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);
        String key = heartbeatKeyOf(user);
        String first = Await.value(
                "a heartbeat",
                () -> Optional.ofNullable(redis.value(String.class).get(key)));
        long ttl = redis.key().pttl(key);
        assertTrue(ttl > 0 && ttl <= 10_000, "renewed with the configured TTL, was " + ttl);
        // Renewed: the value (the time of the beat) moves on while the key never lapses.
        Await.until(
                "a renewed heartbeat",
                () -> !first.equals(redis.value(String.class).get(key)));
        assertTrue(socket.isConnected());
    }

    @Test
    void aHeartbeatFoundExpiredEndsTheConnectionsSoClientsReconnect() {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);
        String key = heartbeatKeyOf(user);
        // As if this instance had paused longer than the TTL: presence-service may have closed its sockets.
        redis.key().del(key);
        socket.awaitDisconnected();
        Await.until("the heartbeat written again", () -> redis.key().exists(key));
    }

    @Test
    void activityIsPassedOnOncePerChangeAndCheckedForShape() throws Exception {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);
        assertTrue(socket.request("presence-activity", Map.of("idle", true)).getBoolean("ok"));
        assertTrue(socket.request("presence-activity", Map.of("idle", true)).getBoolean("ok"));
        assertTrue(socket.request("presence-activity", Map.of("idle", false)).getBoolean("ok"));
        JSONObject bad = socket.request("presence-activity", Map.of("idle", "yes"));
        assertFalse(bad.getBoolean("ok"));
        assertEquals(400, bad.getJSONObject("error").getInt("status"));
        assertEquals(
                "idle",
                bad.getJSONObject("error")
                        .getJSONArray("errors")
                        .getJSONObject(0)
                        .getString("field"));

        String userId = user.id().toString();
        JsonNode active = streams()
                .await(
                        "connections",
                        d -> userId.equals(d.path("userId").asText())
                                && d.has("idle")
                                && !d.path("idle").asBoolean());
        assertEquals(socket.awaitConnected(), active.at("/data/socketId").asText());
        assertEquals(
                1,
                streams()
                        .count(
                                "connections",
                                d -> userId.equals(d.path("userId").asText())
                                        && d.path("idle").asBoolean()),
                "the repeated idle report was not passed on");
        assertEquals(
                "socket.activity",
                streams()
                        .find("connections", d -> userId.equals(d.path("userId").asText()) && d.has("idle"))
                        .orElseThrow()
                        .path("type")
                        .asText());
    }

    /** The heartbeat key of the instance that announced the user's socket.connected. */
    private String heartbeatKeyOf(TestUser user) {
        JsonNode connected = streams()
                .await(
                        "connections",
                        d -> user.id().toString().equals(d.path("userId").asText()));
        return prefix + "presence:gateway:" + connected.at("/data/gatewayId").asText();
    }

    private static void join(TestSocket socket, UUID roomId) throws Exception {
        assertTrue(
                socket.request("join-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
    }
}
