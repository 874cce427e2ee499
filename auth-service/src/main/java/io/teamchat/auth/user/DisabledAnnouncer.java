package io.teamchat.auth.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.UserDisabled;
import io.teamchat.streams.EnvelopeWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Publishes {@code user.disabled} on the events stream once the disable committed; every gateway closes the account's
 * sockets. If Redis is down at that moment the event is lost and the sockets end with their access token (at most
 * its lifetime), which is the bound docs/security.md states either way.
 */
@ApplicationScoped
public class DisabledAnnouncer {

    private static final Logger LOG = Logger.getLogger(DisabledAnnouncer.class);

    private final EnvelopeWriter events;

    public DisabledAnnouncer(@Channel("events") Emitter<EventEnvelope> events, ObjectMapper mapper) {
        this.events = new EnvelopeWriter(events, mapper);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDisabled disabled) {
        events.append(EventType.USER_DISABLED, new UserDisabled(disabled.userId(), disabled.disabledAt()))
                .exceptionally(failure -> {
                    LOG.warnf(
                            "user.disabled for %s not published, its sockets close when their tokens expire: %s",
                            disabled.userId(), failure.toString());
                    return null;
                });
    }
}
