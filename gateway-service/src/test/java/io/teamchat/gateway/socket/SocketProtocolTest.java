package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.SocketProtocol;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The gateway's end of libs/socket-protocol: it handles exactly the client events the protocol names and sends
 * exactly its server events. (Every socket test also checks each payload and ack it receives: TestSocket.)
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SocketProtocolTest extends GatewayTestBase {

    @Inject
    @Any
    Instance<SocketEventHandler> handlers;

    @Test
    void handlesExactlyTheClientEventsOfTheProtocol() {
        Set<String> handled = new TreeSet<>();
        handlers.forEach(handler -> handled.addAll(handler.events()));
        assertEquals(SocketProtocol.clientEvents(), handled);
    }

    @Test
    void sendsExactlyTheServerEventsOfTheProtocol() {
        Set<String> sent = Arrays.stream(ServerEvent.values())
                .map(ServerEvent::wireName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(SocketProtocol.serverEvents(), sent);
    }

    /** The check the socket tests rely on can fail: a payload that is not as specified is reported. */
    @Test
    void aPayloadThatIsNotAsSpecifiedIsReported() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String roomId = "0193a6f2-5c1e-7d3a-9b1c-2f4e6a8b0c1d";
        assertTrue(SocketProtocol.serverEventViolations(
                        "user-left", mapper.readTree("{\"userId\":\"" + roomId + "\",\"roomId\":\"" + roomId + "\"}"))
                .isEmpty());
        assertFalse(
                SocketProtocol.serverEventViolations("user-left", mapper.readTree("{\"roomId\":\"" + roomId + "\"}"))
                        .isEmpty());
        assertFalse(SocketProtocol.serverEventViolations(
                        "user-left",
                        mapper.readTree("{\"userId\":\"" + roomId + "\",\"roomId\":\"" + roomId + "\",\"extra\":1}"))
                .isEmpty());
        assertFalse(SocketProtocol.serverEventViolations("no-such-event", mapper.readTree("{}"))
                .isEmpty());
        assertFalse(SocketProtocol.ackViolations("leave-room", mapper.readTree("{\"ok\":\"yes\"}"))
                .isEmpty());
    }
}
