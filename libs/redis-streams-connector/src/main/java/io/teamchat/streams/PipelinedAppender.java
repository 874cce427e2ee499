package io.teamchat.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Appends many envelopes to one stream in a single pipelined round trip (one XADD each, sent together), for
 * writers that produce a batch at once, e.g. the outcomes of a command batch. Waits until Redis has them all.
 */
@ApplicationScoped
public class PipelinedAppender {

    /** Trim length of streams written here, the connector's default for outgoing channels. */
    static final long MAX_LENGTH = OutboundSettings.DEFAULT_MAX_LENGTH;

    private final Redis redis;
    private final ObjectMapper mapper;

    public PipelinedAppender(Redis redis, ObjectMapper mapper) {
        this.redis = redis;
        this.mapper = mapper;
    }

    /**
     * Throws {@link IllegalStateException} when the entries are not (all) in the stream within the timeout. Each
     * entry carries the trace {@code traceparentOf} names for it (the batch's commands belong to different traces).
     */
    public void appendAll(
            String stream,
            List<EventEnvelope> envelopes,
            Function<EventEnvelope, String> traceparentOf,
            Duration timeout) {
        if (envelopes.isEmpty()) {
            return;
        }
        List<Request> requests = new ArrayList<>(envelopes.size());
        for (EventEnvelope envelope : envelopes) {
            requests.add(XAdd.request(stream, MAX_LENGTH, json(envelope), traceparentOf.apply(envelope)));
        }
        try {
            redis.batch(requests).await().atMost(timeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException(envelopes.size() + " entries were not appended to " + stream, e);
        }
    }

    private String json(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("envelope " + envelope.id() + " cannot be written as JSON", e);
        }
    }
}
