package io.teamchat.streams;

/**
 * A room channel's message: the envelope's JSON, preceded by the writer's traceparent and a blank when it has one
 * (JSON starts with '{', a traceparent never does), so the delivering gateway's span joins the sender's trace as it
 * does for stream entries.
 */
public record LiveMessage(String traceparent, String json) {

    static String encode(String json, String traceparent) {
        return traceparent == null ? json : traceparent + " " + json;
    }

    public static LiveMessage decode(String message) {
        if (message.isEmpty() || message.charAt(0) == '{') {
            return new LiveMessage(null, message);
        }
        int blank = message.indexOf(' ');
        return blank < 0
                ? new LiveMessage(null, message)
                : new LiveMessage(message.substring(0, blank), message.substring(blank + 1));
    }
}
