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

    /** {@code args} is the EVENT's payload, checked by the codec: a non-empty array starting with the name. */
    void dispatch(SocketSession session, ArrayNode args, Long ackId) {
        AckHandle ack = new AckHandle(session, ackId, mapper);
        // No client event needs more than a message's 16 KiB. Follow-up: check the frame's length in the codec,
        // before it is parsed, as message-service does with Content-Length.
        if (MessageRules.payloadTooLarge(MessageRules.utf8Length(args.toString()))) {
            ack.error(AckError.from(Problems.tooLarge(MessageRules.tooLargeDetail())));
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
}
