package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Handles one client event; must not block (it runs on the connection's event loop) and must answer the ack. */
public interface SocketEventHandler {

    /** The client event names this handler takes. */
    Set<String> events();

    /**
     * @param event one of {@link #events()}
     * @param data the event's first argument, a {@code MissingNode} when absent
     */
    void handle(String event, SocketSession session, JsonNode data, AckHandle ack);
}
