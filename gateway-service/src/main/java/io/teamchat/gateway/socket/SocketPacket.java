package io.teamchat.gateway.socket;

/**
 * One Socket.IO v5 packet as it rides in an Engine.IO message ({@code 4...}):
 * {@code <type>[<namespace>,][<ackId>][<json>]}. {@code ackId} is null when absent, {@code json} null when the
 * packet has no payload.
 */
public record SocketPacket(int type, String namespace, Long ackId, String json) {

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

    /** Thrown for text that is not a Socket.IO packet at all. */
    public static final class MalformedPacketException extends RuntimeException {
        public MalformedPacketException(String message) {
            super(message, null, false, false);
        }
    }

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
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            // "<n>-" attachment count; the attachments themselves would arrive as binary frames.
            int dash = text.indexOf('-', i);
            if (dash < 0) {
                throw new MalformedPacketException("binary packet without attachment count");
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
        return new SocketPacket(type, namespace, ackId, json);
    }

    /** The Engine.IO message carrying a Socket.IO packet, ready to send as one text frame. */
    public static String frame(int type, String namespace, Long ackId, String json) {
        StringBuilder out = new StringBuilder(2 + (json == null ? 0 : json.length()) + 24);
        out.append('4').append(type);
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
}
