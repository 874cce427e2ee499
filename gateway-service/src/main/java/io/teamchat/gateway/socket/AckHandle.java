package io.teamchat.gateway.socket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.common.problem.Problem;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers one client event's ack callback ({@code 43<id>[payload]}) at most once; a no-op when the client
 * asked for no ack.
 */
public final class AckHandle {

    private final SocketSession session;
    private final Long ackId;
    private final ObjectMapper mapper;
    private final AtomicBoolean answered = new AtomicBoolean();

    AckHandle(SocketSession session, Long ackId, ObjectMapper mapper) {
        this.session = session;
        this.ackId = ackId;
        this.mapper = mapper;
    }

    public SocketSession session() {
        return session;
    }

    /** Sends {@code {ok:true, ...fields}}. */
    public void ok(ObjectNode fields) {
        ObjectNode body = mapper.createObjectNode().put("ok", true);
        if (fields != null) {
            body.setAll(fields);
        }
        reply(body);
    }

    public void ok() {
        ok(null);
    }

    /** Sends {@code {ok:false, error:{status, title, detail[, errors]}}}. */
    public void error(AckError error) {
        ObjectNode body = mapper.createObjectNode().put("ok", false);
        ObjectNode err = body.putObject("error")
                .put("status", error.status())
                .put("title", error.title())
                .put("detail", error.detail());
        if (error.errors() != null && !error.errors().isEmpty()) {
            ArrayNode list = err.putArray("errors");
            for (Problem.FieldError fieldError : error.errors()) {
                list.addObject().put("field", fieldError.field()).put("message", fieldError.message());
            }
        }
        reply(body);
    }

    private void reply(ObjectNode body) {
        if (ackId == null || !answered.compareAndSet(false, true)) {
            return;
        }
        try {
            String json = mapper.writeValueAsString(mapper.createArrayNode().add(body));
            session.send(SocketPacket.frame(SocketPacket.ACK, session.namespace(), ackId, json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ack body not serialisable", e);
        }
    }
}
