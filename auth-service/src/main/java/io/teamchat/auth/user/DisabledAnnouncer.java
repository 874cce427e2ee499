package io.teamchat.auth.user;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.UserDisabled;
import io.teamchat.streams.DomainEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes {@code user.disabled} ({@code <prefix>events} and, for every gateway, {@code <prefix>user-events}:
 * {@link DomainEvents}) once the disable committed; every gateway closes the account's sockets. If Redis is down at
 * that moment the event is lost and the sockets end with their access token (at most its lifetime), which is the
 * bound docs/security.md states either way.
 */
@ApplicationScoped
public class DisabledAnnouncer {

    private static final Logger LOG = Logger.getLogger(DisabledAnnouncer.class);

    private final DomainEvents events;
    private final ObjectMapper mapper;

    public DisabledAnnouncer(DomainEvents events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDisabled disabled) {
        EventEnvelope event = EventEnvelope.of(
                EventType.USER_DISABLED, new UserDisabled(disabled.userId(), disabled.disabledAt()), mapper);
        events.publish(List.of(event), ignored -> null)
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.warnf(
                                "user.disabled for %s not published, its sockets close when their tokens expire: %s",
                                disabled.userId(), failure.toString()));
    }
}
