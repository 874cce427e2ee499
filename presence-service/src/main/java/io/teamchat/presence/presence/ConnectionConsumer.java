package io.teamchat.presence.presence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SocketActivity;
import io.teamchat.common.events.SocketConnectionChanged;
import io.teamchat.presence.activity.ActiveUsers;
import io.teamchat.presence.config.ConnectionsConfig;
import io.teamchat.presence.connections.SocketChange;
import io.teamchat.streams.EnvelopeReader;
import io.teamchat.streams.PartitionedStreamConsumer;
import io.teamchat.streams.PartitionedStreamConsumer.Entry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reads the connections stream, split into partitions by user (the gateways append each socket change to its user's
 * partition), with the consumer group {@code presence-service}: a partition is read by one replica at a time
 * ({@link PartitionedStreamConsumer}: leases, take-over of a dead replica's partitions, dead letters), so a user's
 * changes are applied in the order their gateway wrote them, and each read is applied as one batch
 * ({@link PresenceService#apply}): while thousands of sockets connect at once, the cost per change falls. The batch
 * is acked after its work is done; a batch that fails is applied again (every change is safe to apply twice).
 * Entries that can never be applied (not JSON, unknown type, missing ids) are logged and acked.
 */
@ApplicationScoped
public class ConnectionConsumer {

    private static final Logger LOG = Logger.getLogger(ConnectionConsumer.class);
    /** Connection events without a gateway id (none are written so; old entries) are filed under this one. */
    private static final String UNKNOWN_GATEWAY = "unknown";

    private final PresenceService presence;
    private final ObjectMapper mapper;
    private final ActiveUsers activeUsers;
    private final PartitionedStreamConsumer consumer;
    private final DistributionSummary batchSizes;

    public ConnectionConsumer(
            PresenceService presence,
            ObjectMapper mapper,
            ActiveUsers activeUsers,
            RedisDataSource redis,
            ConnectionsConfig config,
            MeterRegistry meters) {
        this.presence = presence;
        this.batchSizes = DistributionSummary.builder("chat.presence.batch.size")
                .description("socket changes applied together (one read of the connection partitions)")
                .register(meters);
        this.activeUsers = activeUsers;
        this.mapper = mapper;
        this.consumer = new PartitionedStreamConsumer(
                redis, PartitionedStreamConsumer.Settings.of(config, "presence-service"), this::apply);
    }

    void start(@Observes StartupEvent event) {
        consumer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop();
    }

    void apply(List<Entry> entries) {
        List<SocketChange> changes = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            SocketChange change = read(entry);
            if (change != null) {
                changes.add(change);
            }
        }
        presence.apply(changes);
        batchSizes.record(entries.size());
        activeUsers.connected(changes.stream()
                .filter(change -> change instanceof SocketChange.Opened)
                .map(SocketChange::userId)
                .collect(Collectors.toSet()));
    }

    /** The entry's socket change; null (logged) when it is none this service can apply. */
    private SocketChange read(Entry entry) {
        EventEnvelope envelope =
                EnvelopeReader.read(entry.payload(), mapper, entry.stream()).orElse(null);
        if (envelope == null) {
            return null;
        }
        if (envelope.type() == EventType.SOCKET_ACTIVITY) {
            return activity(envelope);
        }
        if (envelope.type() != EventType.SOCKET_CONNECTED && envelope.type() != EventType.SOCKET_DISCONNECTED) {
            LOG.debugf("ignoring %s on the connections stream", envelope.type());
            return null;
        }
        SocketConnectionChanged change;
        try {
            change = envelope.dataAs(SocketConnectionChanged.class, mapper);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a connections entry that is not a known socket event: %s", e.getMessage());
            return null;
        }
        if (change == null || change.userId() == null || change.socketId() == null) {
            LOG.warnf("skipping %s %s without user or socket id", envelope.type(), envelope.id());
            return null;
        }
        String gatewayId = gateway(change.gatewayId());
        return envelope.type() == EventType.SOCKET_CONNECTED
                ? new SocketChange.Opened(change.userId(), change.socketId(), gatewayId)
                : new SocketChange.Closed(
                        change.userId(),
                        change.socketId(),
                        gatewayId,
                        String.valueOf(envelope.id()),
                        envelope.occurredAt() != null ? envelope.occurredAt() : Instant.now());
    }

    private SocketChange activity(EventEnvelope envelope) {
        SocketActivity activity;
        try {
            activity = envelope.dataAs(SocketActivity.class, mapper);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping an unreadable socket.activity entry: %s", e.getMessage());
            return null;
        }
        if (activity == null || activity.userId() == null || activity.socketId() == null) {
            LOG.warnf("skipping socket.activity %s without user or socket id", envelope.id());
            return null;
        }
        return new SocketChange.Activity(activity.userId(), activity.socketId(), activity.idle());
    }

    private static String gateway(String gatewayId) {
        return gatewayId == null || gatewayId.isBlank() ? UNKNOWN_GATEWAY : gatewayId;
    }
}
