package io.teamchat.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The socket protocol as libs/socket-protocol/socket-protocol.schema.json specifies it (the one source the SPA's
 * types are generated from): which events exist and what their payloads and acks may look like.
 */
public final class SocketProtocol {

    private static final Path SCHEMA = Path.of(
                    System.getProperty("socket.protocol.schema", "../libs/socket-protocol/socket-protocol.schema.json"))
            .toAbsolutePath();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNode ROOT = read();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> BY_POINTER = new ConcurrentHashMap<>();

    private SocketProtocol() {}

    public static Set<String> serverEvents() {
        return names("serverEvents");
    }

    public static Set<String> clientEvents() {
        return names("clientEvents");
    }

    /** What is wrong with a server event as received (empty when it is as specified). */
    public static List<String> serverEventViolations(String event, JsonNode payload) {
        if (!serverEvents().contains(event)) {
            return List.of("'" + event + "' is not a server event of the protocol");
        }
        return violations("/properties/serverEvents/properties/" + event, payload);
    }

    /** What is wrong with the ack of a client event (empty when it is as specified, or the event is unknown). */
    public static List<String> ackViolations(String event, JsonNode ack) {
        if (!clientEvents().contains(event)) {
            return List.of(); // tests send unknown events on purpose; their ack is checked by the test itself
        }
        return violations("/properties/clientEvents/properties/" + event + "/properties/ack", ack);
    }

    /** What is wrong with a client event's payload (for tests that check the protocol's own examples). */
    public static List<String> payloadViolations(String event, JsonNode payload) {
        return violations("/properties/clientEvents/properties/" + event + "/properties/payload", payload);
    }

    public static JsonNode toJson(Object orgJson) {
        try {
            return MAPPER.readTree(String.valueOf(orgJson));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String pointer, JsonNode value) {
        JsonSchema schema = BY_POINTER.computeIfAbsent(pointer, SocketProtocol::schemaAt);
        return schema.validate(value).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    /**
     * The schema at a pointer, with the whole document around it so that its {@code $ref}s resolve: the root's own
     * keywords are replaced by the reference (a payload is not a protocol document).
     */
    private static JsonSchema schemaAt(String pointer) {
        ObjectNode wrapper = MAPPER.createObjectNode();
        wrapper.set("$schema", ROOT.get("$schema"));
        wrapper.set("$defs", ROOT.get("$defs"));
        ObjectNode properties = wrapper.putObject("properties");
        properties.set("clientEvents", ROOT.path("properties").get("clientEvents"));
        properties.set("serverEvents", ROOT.path("properties").get("serverEvents"));
        wrapper.put("$ref", "#" + pointer);
        return FACTORY.getSchema(wrapper);
    }

    private static Set<String> names(String group) {
        Set<String> names = new TreeSet<>();
        ROOT.path("properties").path(group).path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read() {
        try {
            return MAPPER.readTree(SCHEMA.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the socket protocol at " + SCHEMA, e);
        }
    }
}
