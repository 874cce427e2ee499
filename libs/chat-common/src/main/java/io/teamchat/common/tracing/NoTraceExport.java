package io.teamchat.common.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Traces stay in the process (spans, trace ids in logs, traceparent in stream entries) unless an OTLP collector is
 * named by {@code OTEL_EXPORTER_OTLP_ENDPOINT}: while this exporter is looked up, Quarkus leaves its OTLP exporter
 * out, so nothing tries to reach a collector that is not there. Named, it is not looked up and OTLP exports.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "chat.tracing.otlp-endpoint", stringValue = NoTraceExport.UNSET, lookupIfMissing = true)
public class NoTraceExport implements SpanExporter {

    static final String UNSET = "none";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
