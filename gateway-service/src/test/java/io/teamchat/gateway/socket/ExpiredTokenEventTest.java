package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.RawSocket;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event that arrives after the socket's token expired closes the socket itself, without waiting for the
 * heartbeat: run with a heartbeat and a housekeeping tick (which also closes expired sockets) far slower than the
 * test, so neither does it first.
 */
@QuarkusTest
@TestProfile(ExpiredTokenEventTest.SlowHeartbeat.class)
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class ExpiredTokenEventTest extends GatewayTestBase {

    public static class SlowHeartbeat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.gateway.engine.ping-interval", "60s",
                    "chat.gateway.engine.ping-timeout", "60s",
                    "chat.gateway.engine.connect-timeout", "60s",
                    "chat.gateway.housekeeping-interval", "1h");
        }
    }

    @Test
    void anEventAfterTheTokenExpiredClosesTheSocketUnanswered() throws Exception {
        TestUser user = TestUser.withTokenValidFor(Duration.ofSeconds(5)); // room to connect on a busy machine
        Instant expiry = SocketConnectionTest.expiryOf(user.token());
        try (RawSocket raw = track(RawSocket.connected(base, user.token()))) {
            String leave = "[\"leave-room\",{\"roomId\":\"" + UUID.randomUUID() + "\"}]";
            raw.send("421" + leave);
            assertEquals("431[{\"ok\":true}]", raw.nextNonPing(), "answered while the token is valid");

            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 200);
            raw.send("422" + leave);
            assertEquals(SocketSession.CLOSE_TOKEN_EXPIRED, raw.awaitClosed(3));
            List<String> rest = raw.drain();
            assertTrue(rest.stream().noneMatch(frame -> frame.startsWith("432")), "no ack after expiry: " + rest);
        }
    }
}
