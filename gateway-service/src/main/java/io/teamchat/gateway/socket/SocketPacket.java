package io.teamchat.gateway.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One Socket.IO v5 packet as it rides in an Engine.IO message ({@code 4...}):
 * {@code <type>[<attachments>-][<namespace>,][<ackId>][<json>]}. {@code ackId} is null when absent, {@code json}
 * null when the packet has no payload; {@code attachments} is the number of binary messages that follow a
 * BINARY_EVENT or BINARY_ACK, whose places in the payload are {@code {"_placeholder":true,"num":n}}.
 */
public record SocketPacket(int type, String namespace, Long ackId, String json, int attachments) {

    public static final int CONNECT = 0;
    public static final int DISCONNECT = 1;
    public static final int EVENT = 2;
    public static final int ACK = 3;
    public static final int CONNECT_ERROR = 4;
    public static final int BINARY_EVENT = 5;
    public static final int BINARY_ACK = 6;

    public static final String DEFAULT_NAMESPACE = "/";

    /** Longest ack id accepted: 15 digits keep it far inside a long. */
    private static final int MAX_ACK_DIGITS = 15;
    /** Binary attachments one packet may announce. */
    static final int MAX_ATTACHMENTS = 16;

    public SocketPacket(int type, String namespace, Long ackId, String json) {
        this(type, namespace, ackId, json, 0);
    }

    /** Thrown for text that is not a Socket.IO packet at all. */
    public static final class MalformedPacketException extends RuntimeException {
        public MalformedPacketException(String message) {
            super(message, null, false, false);
        }
    }

    /** A packet ready to send: its text message and the binary messages that follow it. */
    public record Encoded(String frame, List<byte[]> attachments) {}

    /** Parses the part after the Engine.IO {@code 4}; the JSON payload is kept as text, parsed by the caller. */
    public static SocketPacket parse(String text) {
        int length = text.length();
        if (length == 0) {
            throw new MalformedPacketException("empty packet");
        }
        int type = text.charAt(0) - '0';
        if (type < CONNECT || type > BINARY_ACK) {
            throw new MalformedPacketException("unknown packet type");
        }
        int i = 1;
        int attachments = 0;
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 2) {
                throw new MalformedPacketException("binary packet without attachment count");
            }
            for (int d = i; d < dash; d++) {
                if (!Character.isDigit(text.charAt(d))) {
                    throw new MalformedPacketException("attachment count is not a number");
                }
            }
            attachments = Integer.parseInt(text, i, dash, 10);
            if (attachments > MAX_ATTACHMENTS) {
                throw new MalformedPacketException("too many attachments");
            }
            i = dash + 1;
        }
        String namespace = DEFAULT_NAMESPACE;
        if (i < length && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? length : comma;
            namespace = text.substring(i, end);
            i = comma < 0 ? length : comma + 1;
        }
        int digitsStart = i;
        while (i < length && Character.isDigit(text.charAt(i))) {
            i++;
        }
        Long ackId = null;
        if (i > digitsStart) {
            if (i - digitsStart > MAX_ACK_DIGITS) {
                throw new MalformedPacketException("ack id too long");
            }
            ackId = Long.parseLong(text, digitsStart, i, 10);
        }
        String json = i < length ? text.substring(i) : null;
        return new SocketPacket(type, namespace, ackId, json, attachments);
    }

    /**
     * Checks the decoded payload against the packet type (what the reference parser accepts): CONNECT carries an
     * object or nothing, DISCONNECT nothing, EVENT a non-empty array starting with the event name, ACK an array.
     */
    public static boolean isValidPayload(int type, JsonNode payload) {
        return switch (type) {
            case CONNECT -> payload == null || payload.isObject();
            case DISCONNECT -> payload == null;
            case EVENT, BINARY_EVENT ->
                payload != null
                        && payload.isArray()
                        && !payload.isEmpty()
                        && payload.get(0).isTextual();
            case ACK, BINARY_ACK -> payload != null && payload.isArray();
            default -> false;
        };
    }

    /** The Engine.IO message carrying a Socket.IO packet without binary data, ready to send as one text frame. */
    public static String frame(int type, String namespace, Long ackId, String json) {
        return frame(type, 0, namespace, ackId, json);
    }

    private static String frame(int type, int attachments, String namespace, Long ackId, String json) {
        StringBuilder out = new StringBuilder(2 + (json == null ? 0 : json.length()) + 24);
        out.append('4').append(type);
        if (attachments > 0) {
            out.append(attachments).append('-');
        }
        if (namespace != null && !DEFAULT_NAMESPACE.equals(namespace)) {
            out.append(namespace).append(',');
        }
        if (ackId != null) {
            out.append(ackId);
        }
        if (json != null) {
            out.append(json);
        }
        return out.toString();
    }

    /**
     * An EVENT or ACK whose arguments may hold binary values ({@link BinaryNode}): those become placeholders and
     * follow as binary messages, in a BINARY_EVENT or BINARY_ACK.
     */
    public static Encoded encode(int type, String namespace, Long ackId, ArrayNode args) {
        List<byte[]> attachments = new ArrayList<>();
        JsonNode plain = deconstruct(args, attachments);
        int sentType = attachments.isEmpty() ? type : (type == ACK ? BINARY_ACK : BINARY_EVENT);
        return new Encoded(
                frame(sentType, attachments.size(), namespace, ackId, plain.toString()), List.copyOf(attachments));
    }

    /** Puts the received binary messages back in place of their placeholders; null when one does not fit. */
    public static JsonNode reconstruct(JsonNode node, List<byte[]> attachments) {
        if (node.isObject()) {
            if (node.path("_placeholder").asBoolean(false) && node.path("num").isInt()) {
                int num = node.get("num").asInt();
                return num >= 0 && num < attachments.size() ? BinaryNode.valueOf(attachments.get(num)) : null;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = reconstruct(field.getValue(), attachments);
                if (value == null) {
                    return null;
                }
                copy.set(field.getKey(), value);
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                JsonNode value = reconstruct(element, attachments);
                if (value == null) {
                    return null;
                }
                copy.add(value);
            }
            return copy;
        }
        return node;
    }

    private static JsonNode deconstruct(JsonNode node, List<byte[]> attachments) {
        if (node instanceof BinaryNode binary) {
            ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
            placeholder.put("_placeholder", true).put("num", attachments.size());
            attachments.add(binary.binaryValue());
            return placeholder;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), deconstruct(field.getValue(), attachments));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                copy.add(deconstruct(element, attachments));
            }
            return copy;
        }
        return node;
    }
}
