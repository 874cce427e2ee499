package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Contract events that later issues implement; until then they get a clean 501 ack. */
@ApplicationScoped
public class NotImplementedEvents implements SocketEventHandler {

    @Override
    public Set<String> events() {
        return Set.of("typing-start", "typing-stop");
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        ack.error(AckError.of(501, "Not Implemented", "not implemented yet"));
    }
}
