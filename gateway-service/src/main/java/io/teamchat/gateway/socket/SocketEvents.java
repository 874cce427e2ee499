package io.teamchat.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Routes a client's {@code EVENT} packet ({@code ["name", data]}) to the handler for that name. A malformed
 * packet is answered with a 400 ack when it has an ack id and dropped otherwise; a handler failure becomes a
 * 500 ack, never a dead socket.
 */
@ApplicationScoped
public class SocketEvents {

    private static final Logger LOG = Logger.getLogger(SocketEvents.class);

    private final Map<String, SocketEventHandler> handlers = new HashMap<>();
    private final ObjectMapper mapper;

    public SocketEvents(Instance<SocketEventHandler> all, ObjectMapper mapper) {
        this.mapper = mapper;
        for (SocketEventHandler handler : all) {
            for (String name : handler.events()) {
                if (handlers.putIfAbsent(name, handler) != null) {
                    throw new IllegalStateException("two handlers for socket event " + name);
                }
            }
        }
    }

    void dispatch(SocketSession session, SocketPacket packet) {
        AckHandle ack = new AckHandle(session, packet.ackId(), mapper);
        if (packet.json() != null && MessageRules.payloadTooLarge(MessageRules.utf8Length(packet.json()))) {
            // No client event needs more: refused before the JSON is parsed (a message is at most 16 KiB).
            ack.error(AckError.from(Problems.tooLarge(MessageRules.tooLargeDetail())));
            return;
        }
        JsonNode args = parse(packet.json());
        if (args == null || !args.isArray() || args.isEmpty() || !args.get(0).isTextual()) {
            ack.error(AckError.badRequest("The event packet is malformed."));
            return;
        }
        String name = args.get(0).asText();
        SocketEventHandler handler = handlers.get(name);
        if (handler == null) {
            ack.error(AckError.badRequest("Unknown event."));
            return;
        }
        try {
            handler.handle(name, session, args.path(1), ack);
        } catch (RuntimeException e) {
            LOG.errorf(e, "socket event %s failed", name);
            ack.error(AckError.of(500, "Internal Server Error", "Something went wrong on our side."));
        }
    }

    private JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
