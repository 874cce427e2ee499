package io.teamchat.gateway.typing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.gateway.live.RoomChannels;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Typing with the official Java client: fan-out to the room's other sockets (through the room's sharded typing
 * channel), never to the typist nor to sockets outside the room, coalesced, expiring, ended by stop, send and
 * disconnect; this gateway hears the typing of its sockets' rooms only. Negative checks wait for a later event of the
 * same socket (a barrier) instead of sleeping.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class TypingTest extends GatewayTestBase {

    @Inject
    MeterRegistry meters;

    private record Pair(
            TestSocket typist, TestSocket watcher, UUID roomId, TestUser typistUser, TestUser watcherUser) {}

    private Pair roomOfTwo() throws Exception {
        TestUser a = TestUser.create();
        TestUser b = TestUser.create();
        UUID roomId = roomWith(a, b);
        TestSocket typist = connect(a);
        TestSocket watcher = connect(b);
        for (TestSocket socket : new TestSocket[] {typist, watcher}) {
            assertTrue(socket.request("join-room", room(roomId)).getBoolean("ok"));
        }
        return new Pair(typist, watcher, roomId, a, b);
    }

    @Test
    void aStartReachesTheOthersButNeverTheTypist() throws Exception {
        Pair p = roomOfTwo();
        assertTrue(p.typist().request("typing-start", room(p.roomId())).getBoolean("ok"));
        JSONObject seen = p.watcher().next("typing-indicator", 5000);
        assertNotNull(seen, "the watcher sees the typist typing");
        assertEquals(p.typistUser().id().toString(), seen.getString("userId"));
        assertEquals(p.roomId().toString(), seen.getString("roomId"));
        assertTrue(seen.getBoolean("isTyping"));

        // Barrier: the watcher types too; when the typist sees that, any echo of its own start came before.
        p.watcher().request("typing-start", room(p.roomId()));
        JSONObject other = p.typist().next("typing-indicator", 5000);
        assertNotNull(other);
        assertEquals(p.watcherUser().id().toString(), other.getString("userId"), "never echoed to the typist");
    }

    @Test
    void onlyTheRoomsSocketsSeeItAndOnlyGatewaysWithSocketsThereHearIt() throws Exception {
        Pair p = roomOfTwo();
        TestUser outsider = TestUser.create();
        UUID othersRoom = roomWith(outsider, p.typistUser());
        TestSocket outside = connect(outsider);
        assertTrue(outside.request("join-room", room(othersRoom)).getBoolean("ok"));
        UUID nobodyHere = roomWith(p.typistUser(), p.watcherUser());
        double before = typingEventsIn();

        // As another gateway would announce it: nobody here has a socket in that room, so nobody hears it.
        assertEquals(0L, spublish(nobodyHere, p.watcherUser(), true), "no gateway subscribes to that room");
        assertTrue(p.typist().request("typing-start", room(p.roomId())).getBoolean("ok"));
        assertTrue(p.watcher().next("typing-indicator", 5000).getBoolean("isTyping"));
        // Barrier for the outsider: its own room's typing reaches it, so the other room's would have come first.
        assertEquals(1L, spublish(othersRoom, p.typistUser(), true), "this gateway subscribes to the outsider's room");
        JSONObject outsiders = outside.next("typing-indicator", 5000);
        assertNotNull(outsiders);
        assertEquals(othersRoom.toString(), outsiders.getString("roomId"), "never the typing of a room not joined");
        // counted as typing-channel (>=: a socket of an earlier test may still be ending its typing)
        assertTrue(typingEventsIn() - before >= 2.0, "the typist's room and the outsider's came in");
    }

    @Test
    void startsWithinThreeSecondsAreCoalescedAndStopEndsAtOnce() throws Exception {
        Pair p = roomOfTwo();
        p.typist().request("typing-start", room(p.roomId()));
        p.typist().request("typing-start", room(p.roomId()));
        p.typist().request("typing-start", room(p.roomId()));
        p.typist().request("typing-stop", room(p.roomId()));
        assertTrue(p.watcher().next("typing-indicator", 5000).getBoolean("isTyping"));
        JSONObject next = p.watcher().next("typing-indicator", 5000);
        assertNotNull(next);
        assertFalse(next.getBoolean("isTyping"), "one start reached the room, then the stop");
        // After a stop, a new start is announced at once (the coalescing window was cleared).
        p.typist().request("typing-start", room(p.roomId()));
        assertTrue(p.watcher().next("typing-indicator", 5000).getBoolean("isTyping"));
    }

    @Test
    void typingExpiresByItselfAfterFiveSeconds() throws Exception {
        Pair p = roomOfTwo();
        p.typist().request("typing-start", room(p.roomId()));
        assertTrue(p.watcher().next("typing-indicator", 5000).getBoolean("isTyping"));
        long started = System.nanoTime();
        JSONObject end = p.watcher().next("typing-indicator", 15000);
        assertNotNull(end, "typing ended by itself");
        assertFalse(end.getBoolean("isTyping"));
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 4000, "not before the 5 s expiry");
    }

    @Test
    void disconnectingEndsTyping() throws Exception {
        Pair p = roomOfTwo();
        p.typist().request("typing-start", room(p.roomId()));
        assertTrue(p.watcher().next("typing-indicator", 5000).getBoolean("isTyping"));
        p.typist().close();
        JSONObject end = p.watcher().next("typing-indicator", 4000);
        assertNotNull(end, "ended before the 5 s expiry");
        assertFalse(end.getBoolean("isTyping"));
    }

    @Test
    void sendingAMessageEndsTyping() throws Exception {
        Pair p = roomOfTwo();
        p.typist().request("typing-start", room(p.roomId()));
        assertTrue(p.watcher().next("typing-indicator", 5000).getBoolean("isTyping"));
        p.typist().emit("send-message", Map.of("roomId", p.roomId().toString(), "content", "hi"));
        JSONObject end = p.watcher().next("typing-indicator", 4000);
        assertNotNull(end, "ended before the 5 s expiry");
        assertFalse(end.getBoolean("isTyping"));
    }

    @Test
    void typingInARoomNotJoinedIsRefused() throws Exception {
        TestSocket socket = connect(TestUser.create());
        JSONObject ack = socket.request("typing-start", room(UUID.randomUUID()));
        assertFalse(ack.getBoolean("ok"));
        assertEquals(404, ack.getJSONObject("error").getInt("status"));
        JSONObject bad = socket.request("typing-start", new JSONObject(Map.of("roomId", "nope")));
        assertEquals(400, bad.getJSONObject("error").getInt("status"));
    }

    /** SPUBLISH of a typing change, as a gateway announces it; answers how many subscribers received it. */
    private long spublish(UUID roomId, TestUser user, boolean isTyping) throws Exception {
        String change = new JSONObject(Map.of("userId", user.id().toString(), "isTyping", isTyping)).toString();
        return redis.execute("SPUBLISH", RoomChannels.typingChannel(prefix, roomId), change)
                .toLong();
    }

    private double typingEventsIn() {
        return meters.get("chat.gateway.events.in")
                .tag("source", "typing-channel")
                .counter()
                .count();
    }

    private static JSONObject room(UUID roomId) throws Exception {
        return new JSONObject(Map.of("roomId", roomId.toString()));
    }
}
