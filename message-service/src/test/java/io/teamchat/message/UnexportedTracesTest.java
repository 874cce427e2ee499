package io.teamchat.message;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a collector a service records no span (chat-common's TraceSampling, the SDK's sampler here), yet every
 * span still has ids for logs and traceparent fields. The other tests record spans in memory, as the test profile does.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@TestProfile(UnexportedTracesTest.NoCollector.class)
class UnexportedTracesTest {

    public static class NoCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.tracing.record-without-export", "false");
        }
    }

    @Inject
    Tracer tracer;

    @Test
    void aRootSpanIsNotRecordedButKeepsItsIds() {
        Span span = tracer.spanBuilder("send-message").setNoParent().startSpan();
        try {
            assertFalse(span.isRecording(), "no collector: nothing to record for");
            assertTrue(span.getSpanContext().isValid(), "trace and span ids for logs and traceparent");
        } finally {
            span.end();
        }
    }
}
