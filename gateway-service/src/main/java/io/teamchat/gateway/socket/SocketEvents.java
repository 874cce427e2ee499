package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Routes a client's {@code EVENT} packet ({@code ["name", data]}) to the handler for that name. An unknown name
 * is answered with a 400 ack; a handler failure becomes a 500 ack, never a dead socket.
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

    /** An event over 16 KiB, refused before its JSON was parsed (ChatNamespace): 413. */
    void refuseTooLarge(SocketSession session, Long ackId) {
        new AckHandle(session, ackId, mapper).error(AckError.from(Problems.tooLarge(MessageRules.tooLargeDetail())));
    }

    /** {@code args} is the EVENT's payload, checked by the codec: a non-empty array starting with the name. */
    void dispatch(SocketSession session, ArrayNode args, Long ackId) {
        AckHandle ack = new AckHandle(session, ackId, mapper);
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
}
