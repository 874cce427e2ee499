package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.UserDisabled;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import java.time.Duration;
import java.time.Instant;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * {@code user.disabled} on the real events stream ends every socket of the account (and only its), with a Socket.IO
 * DISCONNECT so the client does not reconnect by itself, and its older token cannot open a new one.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class DisabledAccountTest extends GatewayTestBase {

    @Test
    void theDisabledAccountsSocketsCloseAndItsTokenCannotReconnect() {
        TestUser disabled = TestUser.create();
        TestUser other = TestUser.create();
        TestSocket first = connect(disabled);
        TestSocket second = connect(disabled);
        TestSocket bystander = connect(other);

        // Published again until it lands: the gateway reads the events stream from its end, so an entry written
        // while a freshly started gateway has not read yet would pass it by (disabling twice changes nothing).
        Instant disabledAt = Instant.now();
        for (int attempt = 0; attempt < 40 && !first.wasDisconnected(); attempt++) {
            streams().publish(EventType.USER_DISABLED, new UserDisabled(disabled.id(), disabledAt));
            pause();
        }

        assertEquals("io server disconnect", first.awaitDisconnected());
        assertEquals("io server disconnect", second.awaitDisconnected());
        assertTrue(bystander.isConnected(), "another user's socket stays");
        Object refused = track(TestSocket.open(base, disabled.token())).awaitConnectError();
        assertEquals("unauthorized", ((JSONObject) refused).optString("message"));
    }

    @Test
    void aTokenIssuedAfterTheDisableIsAccepted() {
        // enabled again and signed in anew: the token is younger than the disable
        TestUser reenabled = TestUser.create();
        TestUser marker = TestUser.create();
        TestSocket markerSocket = connect(marker);
        streams()
                .publish(
                        EventType.USER_DISABLED,
                        new UserDisabled(reenabled.id(), Instant.now().minus(Duration.ofMinutes(1))));
        // events are read in order: once the marker's socket is closed, the first event was handled too
        streams().publish(EventType.USER_DISABLED, new UserDisabled(marker.id(), Instant.now()));
        assertEquals("io server disconnect", markerSocket.awaitDisconnected());

        assertTrue(connect(reenabled).isConnected());
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
