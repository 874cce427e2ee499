package io.teamchat.auth.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.teamchat.common.events.AuditRecorded;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.streams.EnvelopeReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Records what other services report on the audit stream ({@code <prefix>audit}: room deletions and kicks from
 * room-service) in the one audit log. A consumer group ({@code auth-service}): one replica records each entry, acked
 * after the row committed; a redelivery is recorded once (the entry id is the row id). Only the actions other services
 * may report are taken; anything else is logged and skipped.
 */
@ApplicationScoped
public class AuditConsumer {

    private static final Logger LOG = Logger.getLogger(AuditConsumer.class);

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public AuditConsumer(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    @Incoming("audit-in")
    @Blocking
    public void onEntry(String entry) {
        Optional<EventEnvelope> envelope = EnvelopeReader.read(entry, mapper, "the audit stream");
        if (envelope.isEmpty() || envelope.get().type() != EventType.AUDIT_RECORDED) {
            return;
        }
        AuditRecorded reported;
        try {
            reported = envelope.get().dataAs(AuditRecorded.class, mapper);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping malformed audit entry %s: %s", envelope.get().id(), e.getMessage());
            return;
        }
        Optional<AuditAction> action = AuditAction.reported(reported.action());
        if (action.isEmpty()) {
            LOG.warnf(
                    "skipping audit entry %s: %s is not an action other services report",
                    envelope.get().id(), reported.action());
            return;
        }
        audit.recordReported(envelope.get().id(), action.get(), reported);
    }
}
