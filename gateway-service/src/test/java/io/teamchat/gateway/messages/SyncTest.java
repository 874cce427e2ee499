package io.teamchat.gateway.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** {@code sync}: the membership check, then message-service's history after an id (the stub plays both). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SyncTest extends GatewayTestBase {

    @Test
    void aMemberGetsTheMessagesAfterTheIdFromMessageServiceWithTheirOwnToken() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        UUID afterId = UuidV7.generate();

        JSONObject ack = connect(user).request("sync", sync(roomId, afterId.toString()));

        assertTrue(ack.getBoolean("ok"), ack.toString());
        assertTrue(ack.getBoolean("hasMore"));
        JSONArray items = ack.getJSONArray("items");
        assertEquals(1, items.length());
        JSONObject echoed = items.getJSONObject(0);
        // The stub describes the request it got: the query, and the subject of the forwarded token.
        assertEquals("after=" + afterId + "&limit=200", echoed.getString("content"));
        assertEquals(user.id().toString(), echoed.getString("userId"));
        assertEquals(roomId.toString(), echoed.getString("roomId"));

        // hasMore is message-service's answer, passed on: the stub says false for this room
        UUID lastPage = roomWith(user);
        messageServiceSays(lastPage, "last page");
        JSONObject last = connect(user).request("sync", sync(lastPage, afterId.toString()));
        assertTrue(last.getBoolean("ok"), last.toString());
        assertFalse(last.getBoolean("hasMore"));
    }

    @Test
    void idsThatAreNotUuidsAre400NamingTheFields() throws Exception {
        TestSocket socket = connect(TestUser.create());
        JSONObject ack = socket.request("sync", sync("room-1", "latest"));

        assertFalse(ack.getBoolean("ok"));
        JSONObject error = ack.getJSONObject("error");
        assertEquals(400, error.getInt("status"));
        Set<String> fields = new HashSet<>();
        JSONArray errors = error.getJSONArray("errors");
        for (int i = 0; i < errors.length(); i++) {
            fields.add(errors.getJSONObject(i).getString("field"));
        }
        assertEquals(Set.of("roomId", "afterId"), fields);

        JSONObject missing = socket.request(
                "sync", new JSONObject(Map.of("roomId", UUID.randomUUID().toString())));
        assertEquals(400, missing.getJSONObject("error").getInt("status"));
        assertEquals(400, socket.request("sync", "text").getJSONObject("error").getInt("status"));
    }

    @Test
    void aNonMemberIs404() throws Exception {
        UUID roomId = roomWith(TestUser.create());
        JSONObject ack = connect(TestUser.create())
                .request("sync", sync(roomId, UuidV7.generate().toString()));
        assertEquals(404, ack.getJSONObject("error").getInt("status"));
    }

    @Test
    void aRoomMessageServiceDoesNotKnowIs404() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        messageServiceSays(roomId, "gone");

        JSONObject ack =
                connect(user).request("sync", sync(roomId, UuidV7.generate().toString()));
        assertFalse(ack.getBoolean("ok"));
        assertEquals(404, ack.getJSONObject("error").getInt("status"));
    }

    @Test
    void messageServiceUnreachableIs503AndTheSocketStays() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        messageServiceSays(roomId, "broken");
        TestSocket socket = connect(user);

        JSONObject ack = socket.request("sync", sync(roomId, UuidV7.generate().toString()));
        assertFalse(ack.getBoolean("ok"));
        assertEquals(503, ack.getJSONObject("error").getInt("status"));
        assertTrue(socket.isConnected());
    }

    private static JSONObject sync(Object roomId, String afterId) {
        return new JSONObject(Map.of("roomId", roomId.toString(), "afterId", afterId));
    }
}
