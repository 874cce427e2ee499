package io.teamchat.streams;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** The one shape of an entry this library appends: {@code payload} (the JSON) and, when traced, the traceparent. */
final class XAdd {

    private XAdd() {}

    /** XADD trimmed to about {@code maxLength} entries (MAXLEN ~), with a server-assigned id. */
    static Request request(String stream, long maxLength, String json, String traceparent) {
        Request xadd = Request.cmd(Command.XADD)
                .arg(stream)
                .arg("MAXLEN")
                .arg("~")
                .arg(maxLength)
                .arg("*")
                .arg("payload")
                .arg(json);
        if (traceparent != null) {
            xadd.arg(TraceContext.FIELD).arg(traceparent);
        }
        return xadd;
    }
}
