package io.teamchat.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSamplingTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

    private static SamplingDecision root(Sampler sampler) {
        return sampler.shouldSample(
                        Context.root(), TRACE_ID, "send-message", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision();
    }

    @Test
    void withoutACollectorSpansAreNotRecorded() {
        assertEquals(SamplingDecision.DROP, root(TraceSampling.of("none", false)));
    }

    @Test
    void withACollectorEveryTraceIsRecorded() {
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, root(TraceSampling.of("http://otel-collector:4317", false)));
    }

    @Test
    void testsRecordWithoutACollector() {
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, root(TraceSampling.of("none", true)));
    }

    @Test
    void aSampledParentIsFollowedEvenWithoutACollector() {
        SpanContext parent = SpanContext.createFromRemoteParent(
                TRACE_ID, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
        Context context = Context.root().with(Span.wrap(parent));
        assertEquals(
                SamplingDecision.RECORD_AND_SAMPLE,
                TraceSampling.of("none", false)
                        .shouldSample(context, TRACE_ID, "process", SpanKind.CONSUMER, Attributes.empty(), List.of())
                        .getDecision());
    }
}
