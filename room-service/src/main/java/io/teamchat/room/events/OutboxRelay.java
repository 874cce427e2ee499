package io.teamchat.room.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomRole;
import io.teamchat.membership.RoomSnapshot;
import io.teamchat.streams.DomainEvents;
import io.teamchat.streams.EnvelopeWriter;
import io.teamchat.streams.TraceContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Relays the outbox: for each pending row, the room's current membership goes to the membership cache
 * (libs/room-membership) and the event to {@code <prefix>events}; then the row is deleted, in one transaction that
 * holds the rows (FOR UPDATE SKIP LOCKED on the timer, so several instances share the work). It runs right after each
 * commit that wrote to the outbox, before the request is answered, so a client that created or joined a room can use
 * it on any gateway at once (waiting for rows another relay holds), and every {@code chat.outbox.relay-interval} for
 * whatever a failure left behind. At
 * start-up it rewrites every room's snapshot, so a cache that lost its keys is whole again.
 *
 * <p>Delivery is at least once: if the process dies after an event went out but before its row was deleted, the
 * event is published again (consumers treat member.joined/left as idempotent).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 100;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

    private final EntityManager entityManager;
    private final MembershipCache cache;
    private final DomainEvents events;
    private final EnvelopeWriter audit;
    private final ObjectMapper mapper;
    private final Duration interval;
    private ScheduledExecutorService timer;

    @Inject
    public OutboxRelay(
            EntityManager entityManager,
            MembershipCache cache,
            DomainEvents events,
            @Channel("audit") Emitter<EventEnvelope> audit,
            ObjectMapper mapper,
            @ConfigProperty(name = "chat.outbox.relay-interval", defaultValue = "1s") Duration interval) {
        this.entityManager = entityManager;
        this.cache = cache;
        this.events = events;
        this.audit = new EnvelopeWriter(audit, mapper);
        this.mapper = mapper;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        timer.execute(this::resyncCache);
        timer.scheduleWithFixedDelay(this::relay, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * Right after a request's commit, before it is answered. It waits for rows another relay holds (the timer's, or
     * another instance's) instead of skipping them: skipped, the request could be answered while its own event is
     * still on its way, and "use it on any gateway at once" would not hold.
     */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        relay(Locking.WAIT);
    }

    /** Publishes everything pending; a failure is logged and the rest waits for the next run. */
    public void relay() {
        relay(Locking.SKIP_LOCKED);
    }

    /** How a relay treats rows another relay is publishing: skip them (the timer) or wait for them (a request). */
    private enum Locking {
        SKIP_LOCKED(" for update skip locked"),
        WAIT(" for update");

        final String clause;

        Locking(String clause) {
            this.clause = clause;
        }
    }

    private void relay(Locking locking) {
        try {
            while (QuarkusTransaction.requiringNew().call(() -> relayBatch(locking)) == BATCH) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay failed, retried within %s: %s", interval, e.toString());
        }
    }

    private int relayBatch(Locking locking) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("select id, room_id, event_type, payload from {h-schema}outbox"
                        + " order by id limit ?1" + locking.clause)
                .setParameter(1, BATCH)
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        Set<UUID> rooms = new LinkedHashSet<>();
        List<Long> ids = new ArrayList<>();
        for (Object[] row : rows) {
            ids.add(((Number) row[0]).longValue());
            rooms.add((UUID) row[1]);
        }
        // The cache first: by the time a gateway hears member.left, the cache already says so.
        rooms.forEach(this::refreshCache);
        List<EventEnvelope> domainEvents = new ArrayList<>();
        for (Object[] row : rows) {
            EventType type = EventType.fromWireName((String) row[2]);
            JsonNode data;
            try {
                data = mapper.readTree((String) row[3]);
            } catch (IOException e) {
                throw new UncheckedIOException("outbox row " + row[0] + " holds no JSON", e);
            }
            if (type == EventType.AUDIT_RECORDED) {
                // audit entries carry client addresses: their own stream, which gateways do not read
                audit.appendAndWait(type, data, REDIS_TIMEOUT);
            } else {
                domainEvents.add(EventEnvelope.of(type, data, mapper));
            }
        }
        // In outbox order, in one round trip: the events stream and the rooms' live channels (DomainEvents).
        String traceparent = TraceContext.current();
        events.publishAndWait(domainEvents, envelope -> traceparent, REDIS_TIMEOUT);
        entityManager
                .createNativeQuery("delete from {h-schema}outbox where id in (?1)")
                .setParameter(1, ids)
                .executeUpdate();
        return rows.size();
    }

    /** Writes the room's committed membership to the cache (a room that is gone: its tombstone). */
    private void refreshCache(UUID roomId) {
        Optional<RoomSnapshot> snapshot = snapshot(roomId);
        if (snapshot.isPresent()) {
            cache.write(snapshot.get()).await().atMost(REDIS_TIMEOUT);
        } else {
            cache.deleted(roomId).await().atMost(REDIS_TIMEOUT);
        }
    }

    private Optional<RoomSnapshot> snapshot(UUID roomId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager
                .createNativeQuery("select r.membership_version, r.is_private, r.is_direct, m.user_id, m.role"
                        + " from {h-schema}rooms r left join {h-schema}room_members m on m.room_id = r.id"
                        + " where r.id = ?1")
                .setParameter(1, roomId)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<UUID, RoomRole> members = new HashMap<>();
        for (Object[] row : rows) {
            if (row[3] != null) {
                members.put((UUID) row[3], RoomRole.fromWireName((String) row[4]));
            }
        }
        Object[] first = rows.get(0);
        return Optional.of(new RoomSnapshot(
                roomId, ((Number) first[0]).longValue(), (Boolean) first[1], (Boolean) first[2], members));
    }

    /** Every room's snapshot, page by page; retried until it went through once. */
    private void resyncCache() {
        try {
            UUID after = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
            int count = 0;
            while (true) {
                UUID from = after;
                @SuppressWarnings("unchecked")
                List<UUID> page = QuarkusTransaction.requiringNew().call(() -> {
                    List<UUID> ids = entityManager
                            .createNativeQuery("select id from {h-schema}rooms where id > ?1 order by id limit 500")
                            .setParameter(1, from)
                            .getResultList();
                    ids.forEach(this::refreshCache);
                    return ids;
                });
                count += page.size();
                if (page.size() < 500) {
                    break;
                }
                after = page.get(page.size() - 1);
            }
            LOG.infof("membership cache: %d rooms written", count);
        } catch (RuntimeException e) {
            LOG.warnf("membership cache resync failed, retried in %s: %s", interval, e.toString());
            timer.schedule(this::resyncCache, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
