package io.teamchat.common.tracing;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Spans are recorded only where they go somewhere. Without a collector ({@code OTEL_EXPORTER_OTLP_ENDPOINT} unset)
 * every span is a non-recording one: it still has its trace and span ids, so log lines keep {@code traceId} and
 * stream entries keep {@code traceparent}, but a message no longer pays for span attributes, span data handed to
 * {@link NoTraceExport} and a metrics exemplar per timer (the exemplar sampler takes sampled spans only). With a
 * collector, sampling is parent-based and always on. Quarkus uses a {@link Sampler} bean in place of its configured one.
 */
@Singleton
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(
            @ConfigProperty(name = "chat.tracing.otlp-endpoint", defaultValue = NoTraceExport.UNSET) String endpoint,
            @ConfigProperty(name = "chat.tracing.record-without-export", defaultValue = "false")
                    boolean recordWithoutExport) {
        return of(endpoint, recordWithoutExport);
    }

    static Sampler of(String endpoint, boolean recordWithoutExport) {
        boolean exported = !NoTraceExport.UNSET.equals(endpoint.strip());
        return Sampler.parentBased(exported || recordWithoutExport ? Sampler.alwaysOn() : Sampler.alwaysOff());
    }
}
