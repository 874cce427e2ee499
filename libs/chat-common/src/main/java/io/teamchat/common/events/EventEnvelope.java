package io.teamchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.ids.UuidV7;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every stream entry: {@code {id, type, occurredAt, data}}. {@code data} stays a JSON tree
 * so that a reader can route on {@code type} first and bind only the payloads it cares about.
 */
public record EventEnvelope(UUID id, EventType type, Instant occurredAt, JsonNode data) {

    public static EventEnvelope of(EventType type, Object data, ObjectMapper mapper) {
        return new EventEnvelope(UuidV7.generate(), type, Instant.now(), mapper.valueToTree(data));
    }

    public <T> T dataAs(Class<T> payloadType, ObjectMapper mapper) {
        try {
            return mapper.treeToValue(data, payloadType);
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed " + type.wireName() + " payload", e);
        }
    }
}
