package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.RawSocket;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is disconnected once its outbound queue passes {@code max-buffered-bytes}: run with a
 * heartbeat far slower than the test, so that only the queue, not a missed pong, can end the connection.
 */
@QuarkusTest
@TestProfile(ExpiredTokenEventTest.SlowHeartbeat.class)
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SlowConsumerTest extends GatewayTestBase {

    @Test
    void aClientThatStopsReadingIsDisconnectedAsASlowConsumer() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        try (RawSocket raw = RawSocket.connected(base, user.token())) {
            raw.send("420[\"join-room\",{\"roomId\":\"" + roomId + "\"}]");
            assertTrue(raw.nextNonPing().startsWith("430[{\"ok\":true"));
            raw.stopReading();
            UserSummary author = new UserSummary(user.id(), user.username(), null);
            String content = "w".repeat(3900);
            // ~16 MB of message-received frames: far more than the TCP buffers and the 1 MiB queue hold.
            for (int i = 0; i < 4000 && !disconnected(user); i++) {
                Instant now = Instant.now();
                MessagePayload message = new MessagePayload(
                        UuidV7.generate(), roomId, user.id(), content, "text", false, now, now, null);
                streams().publish(EventType.MESSAGE_CREATED, new MessageCreated(message, author, null));
            }
            Await.until("the slow consumer is disconnected", () -> disconnected(user));
        }
    }

    private boolean disconnected(TestUser user) {
        return streams().entries("connections").stream()
                .anyMatch(e -> e.path("type").asText().equals("socket.disconnected")
                        && e.path("data")
                                .path("userId")
                                .asText()
                                .equals(user.id().toString()));
    }
}
