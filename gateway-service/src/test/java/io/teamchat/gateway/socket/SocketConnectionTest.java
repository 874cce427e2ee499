package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.RawSocket;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** Engine.IO / Socket.IO handshake, authentication, heartbeat and frame rules, with real clients. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SocketConnectionTest extends GatewayTestBase {

    @Inject
    SocketRegistry registry;

    @Test
    void validTokenConnectsAndAnnouncesTheSocket() throws Exception {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);

        assertTrue(socket.isConnected());
        JsonNode event = streams().await("connections", data -> ofUser(data, user));
        assertEquals("socket.connected", event.path("type").asText());
        assertFalse(event.path("data").path("socketId").asText().isBlank());
        assertFalse(event.path("data").path("gatewayId").asText().isBlank());
    }

    @Test
    void closingTheSocketAnnouncesItsDisconnection() throws Exception {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);
        JsonNode connected = streams().await("connections", data -> ofUser(data, user));
        socket.close();

        Await.until(
                "socket.disconnected for the user",
                () -> streams().entries("connections").stream()
                        .anyMatch(e -> e.path("type").asText().equals("socket.disconnected")
                                && ofUser(e.path("data"), user)
                                && e.path("data")
                                        .path("socketId")
                                        .equals(connected.path("data").path("socketId"))));
    }

    @Test
    void garbageTokenIsRefusedAsUnauthorized() throws Exception {
        assertUnauthorized("not-a-jwt");
    }

    @Test
    void expiredTokenIsRefusedAsUnauthorized() throws Exception {
        UUID id = UUID.randomUUID();
        assertUnauthorized(TestTokens.expired(id, "late_" + id.toString().substring(0, 6)));
    }

    @Test
    void missingTokenIsRefusedAsUnauthorized() throws Exception {
        assertUnauthorized(null);
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws Exception {
        String token = TestUser.create().token();
        String[] parts = token.split("\\.");
        // Same header and claims, signature of a different token: verification must fail.
        String forged =
                parts[0] + "." + parts[1] + "." + TestUser.create().token().split("\\.")[2];
        assertUnauthorized(forged);
    }

    @Test
    void staysConnectedAcrossSeveralPingIntervals() throws Exception {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);
        UUID roomId = roomWith(user);

        Thread.sleep(3500); // %test ping interval is 1 s, timeout 1 s: three rounds of ping/pong
        assertTrue(socket.isConnected(), "the client answered pings, so the server kept it");
        JSONObject ack = socket.request("join-room", new JSONObject(Map.of("roomId", roomId.toString())));
        assertTrue(ack.getBoolean("ok"));
    }

    @Test
    void aSocketWhoseTokenExpiresIsClosedAtTheTransportLevel() throws Exception {
        TestUser user = TestUser.withTokenValidFor(Duration.ofSeconds(5)); // room to connect on a busy machine
        Instant expiry = expiryOf(user.token());
        TestSocket socket = connect(user);

        // A websocket close, not a Socket.IO DISCONNECT ("io server disconnect", after which clients stay down).
        // Browsers report "transport close"; the Java client only notices at its ping timeout (it does not answer
        // the server's close frame), and reconnects by itself either way.
        assertNotEquals("io server disconnect", socket.awaitDisconnected());
        Instant closedAt = Instant.now();
        assertFalse(closedAt.isBefore(expiry), "closed at " + closedAt + ", before the expiry " + expiry);
        // %test ping interval 1 s: the heartbeat tick after the expiry closes it.
        assertTrue(closedAt.isBefore(expiry.plusSeconds(5)), "closed at " + closedAt + ", expiry " + expiry);
    }

    @Test
    void aSocketThatLeftIsNoLongerHeldForTheExpiryCheck() {
        TestUser user = TestUser.create();
        TestSocket socket = connect(user);
        Await.until("the socket is held for its token's expiry", () -> heldForTokenExpiry(user));

        socket.close();

        Await.until("the socket is let go", () -> !heldForTokenExpiry(user));
    }

    private boolean heldForTokenExpiry(TestUser user) {
        return registry.heldForTokenExpiry().stream()
                .anyMatch(session -> session.user().id().equals(user.id()));
    }

    @Test
    void aClosedClientReconnectsWithItsFreshToken() throws Exception {
        UUID id = UUID.randomUUID();
        String username = "r_" + id.toString().substring(0, 8);
        Map<String, String> auth = new ConcurrentHashMap<>();
        auth.put("token", TestTokens.issue(id, username, Set.of("user"), Duration.ofSeconds(2)));
        TestSocket socket = track(TestSocket.reconnecting(base, auth));
        String first = socket.nextConnect(10_000);
        assertNotNull(first, "first CONNECT");

        // What the SPA's auth callback does: the next CONNECT reads the access token refreshed meanwhile.
        auth.put("token", TestTokens.issue(id, username));
        assertNotEquals("io server disconnect", socket.awaitDisconnected());
        String second = socket.nextConnect(10_000);
        assertNotNull(second, "the client reconnected with the fresh token");
        assertNotEquals(first, second);
        streams()
                .await(
                        "connections",
                        data -> ofUser(data, id)
                                && second.equals(data.path("socketId").asText()));
    }

    @Test
    void aTokenThatExpiredMomentsAgoIsRefused() throws Exception {
        UUID id = UUID.randomUUID();
        String token =
                TestTokens.issue(id, "m_" + id.toString().substring(0, 8), Set.of("user"), Duration.ofSeconds(1));
        Thread.sleep(Duration.between(Instant.now(), expiryOf(token)).toMillis() + 200);
        // No clock-skew grace: a socket accepted now would only be closed again at the next heartbeat tick.
        assertUnauthorized(token);
    }

    @Test
    void handshakeAnnouncesTheHeartbeatAndNoUpgrades() throws Exception {
        try (RawSocket raw = RawSocket.open(base, "EIO=4&transport=websocket")) {
            String open = raw.nextNonPing();
            assertTrue(open.startsWith("0{"), open);
            JsonNode handshake = mapper().readTree(open.substring(1));
            assertFalse(handshake.path("sid").asText().isBlank());
            assertEquals(0, handshake.path("upgrades").size());
            assertEquals(1000, handshake.path("pingInterval").asInt());
            assertEquals(1000, handshake.path("pingTimeout").asInt());
            assertEquals(1000000, handshake.path("maxPayload").asInt());
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsDropped() throws Exception {
        try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
            // Never sends "3": dropped after interval + timeout (2 s), at the latest on the next tick.
            raw.awaitClosed(8);
        }
    }

    /**
     * An event over 16 KiB is answered 413 before its JSON is read: this one is not even JSON (parsed, it would be a
     * protocol error that closes the connection), and the socket stays usable.
     */
    @Test
    void anEventOver16KiBIsRefusedBeforeItsJsonIsParsed() throws Exception {
        try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
            raw.send("421[\"send-message\",{\"content\":\"" + "x".repeat(20 * 1024) + "\"");
            String ack = raw.nextNonPing();
            assertTrue(ack.startsWith("431[{\"ok\":false,\"error\":{\"status\":413"), ack);
            raw.send("422[\"leave-room\",{\"roomId\":\"" + UUID.randomUUID() + "\"}]");
            assertEquals("432[{\"ok\":true}]", raw.nextNonPing(), "the connection is still open");
        }
    }

    @Test
    void otherEngineIoVersionsAreClosed() throws Exception {
        try (RawSocket raw = RawSocket.open(base, "EIO=3&transport=websocket")) {
            assertEquals(1002, raw.awaitClosed(5));
        }
    }

    @Test
    void defaultClientOptionsConnectOverPollingAndUpgrade() throws Exception {
        TestUser user = TestUser.create();
        TestSocket socket = track(TestSocket.connectedWithDefaults(base, user));
        // The ack proves the round trip on whichever transport the client settled on.
        JSONObject ack = socket.request("no-such-event", new JSONObject());
        assertEquals(400, ack.getJSONObject("error").getInt("status"));
        JsonNode event = streams().await("connections", data -> ofUser(data, user));
        assertEquals("socket.connected", event.path("type").asText());
    }

    @Test
    void pollingHandshakeOffersTheWebsocketUpgrade() throws Exception {
        String body = io.restassured.RestAssured.given()
                .get("/socket.io/?EIO=4&transport=polling")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(body.startsWith("0{"), body);
        assertEquals(
                "websocket",
                mapper().readTree(body.substring(1)).path("upgrades").get(0).asText());
    }

    @Test
    void pollingRequestsWithoutAKnownSessionAreRefused() {
        io.restassured.RestAssured.given()
                .get("/socket.io/?EIO=4&transport=polling&sid=nope")
                .then()
                .statusCode(400);
        io.restassured.RestAssured.given()
                .get("/socket.io/?EIO=3&transport=polling")
                .then()
                .statusCode(400);
    }

    /**
     * A second websocket on a session that is upgrading is refused only after the probe's 3probe (and a margin):
     * refused at once, its close could reach the client first, and the client would then take the 3probe for the
     * next message of the websocket it upgraded to (the engine.io suite's "ignores WebSocket connection with same
     * sid after upgrade").
     */
    @Test
    void aSecondWebsocketDuringAnUpgradeIsRefusedOnlyAfterTheProbeIsAnswered() throws Exception {
        String handshake = io.restassured.RestAssured.given()
                .get("/socket.io/?EIO=4&transport=polling")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String sid = mapper().readTree(handshake.substring(1)).path("sid").asText();
        try (RawSocket probe = RawSocket.open(base, "EIO=4&transport=websocket&sid=" + sid);
                RawSocket stray = RawSocket.open(base, "EIO=4&transport=websocket&sid=" + sid)) {
            probe.send("2probe");
            assertEquals("3probe", probe.nextNonPing());
            assertFalse(stray.isClosed(), "the second websocket was refused before the probe was answered");
            probe.send("5");
            assertEquals(1002, stray.awaitClosed(5));
        }
    }

    @Test
    void oversizeFrameClosesTheSocket() throws Exception {
        try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
            String big = "42[\"send-message\",{\"content\":\"" + "x".repeat(70_000) + "\"}]";
            raw.send(big);
            assertEquals(1009, raw.awaitClosed(5));
        }
    }

    @Test
    void oversizeEmitDisconnectsTheOfficialClient() throws Exception {
        TestSocket socket = connect(TestUser.create());
        socket.emit(
                "send-message",
                new JSONObject(Map.of("roomId", UUID.randomUUID().toString(), "content", "y".repeat(70_000))));
        socket.awaitDisconnected();
    }

    @Test
    void binaryFramesCloseTheSocket() throws Exception {
        try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
            raw.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, raw.awaitClosed(5));
        }
    }

    @Test
    void otherNamespacesAreRefused() throws Exception {
        try (RawSocket raw = RawSocket.open(base, "EIO=4&transport=websocket")) {
            raw.nextNonPing();
            raw.send("40/admin,{\"token\":\"" + TestUser.create().token() + "\"}");
            assertEquals("44/admin,{\"message\":\"Invalid namespace\"}", raw.nextNonPing());
        }
    }

    @Test
    void malformedPacketsCloseTheConnection() throws Exception {
        for (String malformed : new String[] {"42{not json", "4abc", "42{}", "42abc[\"x\"]", "42[1]"}) {
            try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
                raw.send(malformed);
                assertEquals(1002, raw.awaitClosed(5), malformed);
            }
        }
    }

    @Test
    void unknownEventsGetAnErrorAckAndTheSocketStays() throws Exception {
        try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
            raw.send("427[\"no-such-event\",{}]");
            String ack = raw.nextNonPing();
            assertTrue(ack.startsWith("437["), ack);
            JsonNode body = mapper().readTree(ack.substring(3)).get(0);
            assertFalse(body.path("ok").asBoolean());
            assertEquals(400, body.path("error").path("status").asInt());
            raw.send("428[\"no-such-event\"]");
            assertTrue(raw.nextNonPing().startsWith("438["));
        }
    }

    @Test
    void eventsBeforeConnectAreIgnored() throws Exception {
        try (RawSocket raw = RawSocket.open(base, "EIO=4&transport=websocket")) {
            raw.nextNonPing();
            raw.send("421[\"join-room\",{\"roomId\":\"" + UUID.randomUUID() + "\"}]");
            raw.send("40{\"token\":\"" + TestUser.create().token() + "\"}");
            // The first answer is the CONNECT acceptance, not an ack for the early event.
            assertTrue(raw.nextNonPing().startsWith("40{\"sid\""));
        }
    }

    private static boolean ofUser(JsonNode data, TestUser user) {
        return ofUser(data, user.id());
    }

    private static boolean ofUser(JsonNode data, UUID userId) {
        return userId.toString().equals(data.path("userId").asText());
    }

    /** The token's {@code exp} (test tokens only: read without verification). */
    static Instant expiryOf(String token) throws Exception {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Instant.ofEpochSecond(
                new ObjectMapper().readTree(claims).path("exp").asLong());
    }

    private void assertUnauthorized(String token) {
        TestSocket socket = track(TestSocket.open(base, token));
        Object error = socket.awaitConnectError();
        assertTrue(error instanceof JSONObject, "connect_error carries the server's {message}: " + error);
        assertEquals("unauthorized", ((JSONObject) error).optString("message"));
    }
}
