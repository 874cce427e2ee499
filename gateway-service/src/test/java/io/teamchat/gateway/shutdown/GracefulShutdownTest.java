package io.teamchat.gateway.shutdown;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM's drain, called as Quarkus' shutdown delay calls it (its own Quarkus instance: draining is one-way): new
 * sessions are refused, a send in flight still gets its ack, then the socket is closed at the Engine.IO level, which
 * Socket.IO clients answer by reconnecting (unlike a Socket.IO DISCONNECT, "io server disconnect").
 */
@QuarkusTest
@TestProfile(GracefulShutdownTest.Draining.class)
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class GracefulShutdownTest extends GatewayTestBase {

    public static class Draining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // pings roomier than the other tests' 1 s, so a busy machine does not end the socket before the drain does
            return Map.of(
                    "chat.gateway.drain-timeout", "20s",
                    "chat.gateway.engine.ping-interval", "2s",
                    "chat.gateway.engine.ping-timeout", "5s");
        }
    }

    @Inject
    GracefulShutdown shutdown;

    @Test
    void drainingAcksTheSendsInFlightThenSendsEverySocketElsewhere() throws Exception {
        TestUser alice = TestUser.create();
        UUID roomId = roomWith(alice);
        TestSocket socket = track(TestSocket.reconnecting(base, Map.of("token", alice.token())));
        socket.awaitConnected();
        CompletableFuture<JSONObject> ack = socket.emit(
                "send-message",
                new JSONObject(Map.of("roomId", roomId.toString(), "content", "last words", "clientMsgId", "lw-1")));
        JsonNode command = streams()
                .await("commands", data -> data.path("roomId").asText().equals(roomId.toString()))
                .path("data");

        CompletableFuture<Void> drained = CompletableFuture.runAsync(shutdown::drain);

        Object refused = track(TestSocket.open(base, TestUser.create().token())).awaitConnectError();
        assertNotNull(refused, "a new session is refused while draining");
        assertFalse(drained.isDone(), "the drain waits for the send in flight");
        assertTrue(socket.isConnected(), "sockets stay while their sends wait for acks");

        Instant now = Instant.now();
        MessagePayload stored = new MessagePayload(
                UuidV7.generate(), roomId, alice.id(), "last words", "text", false, now, now, "lw-1");
        streams()
                .publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(
                                stored,
                                new UserSummary(alice.id(), alice.username(), null),
                                UUID.fromString(command.path("commandId").asText())));

        assertTrue(ack.get(10, TimeUnit.SECONDS).getBoolean("ok"), "the send in flight was acked");
        drained.get(10, TimeUnit.SECONDS);
        String reason = socket.awaitDisconnected();
        assertNotEquals("io server disconnect", reason, "not a Socket.IO DISCONNECT, after which clients stay away");
        assertNotNull(socket.awaitConnectError(), "the client tries to reconnect (refused here: this one drains)");
    }
}
