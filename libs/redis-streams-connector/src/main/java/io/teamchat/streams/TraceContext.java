package io.teamchat.streams;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries the trace of whoever wrote an entry to whoever reads it: the W3C {@code traceparent} of the writer's
 * current span is stored as the entry field {@value #FIELD} (beside {@code payload}) and restored by the reader, so
 * one trace follows a message from the socket through the command stream, message-service and back to the gateway
 * that delivers it. W3C Trace Context is written directly (not through the configured propagators) because it is
 * the stream's format, whatever a service's HTTP propagation is.
 */
public final class TraceContext {

    /** The entry field holding the traceparent; absent when the writer had no sampled-or-not span. */
    public static final String FIELD = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {}

    /** The traceparent of the current span, or null when there is none (tracing off or outside any span). */
    public static String current() {
        return of(Context.current());
    }

    /** The traceparent of the span in {@code context}, or null when it has none. */
    public static String of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        return carrier.get(FIELD);
    }

    /** The writer's context as a parent for the reader's span; the root context when there is none or it is bad. */
    public static Context restore(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(FIELD, traceparent), GETTER);
    }

    /** Where the writer's traceparent of an outgoing message is kept until the connector writes the entry. */
    public record Outgoing(String traceparent) {}
}
