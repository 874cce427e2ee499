package io.teamchat.gateway.typing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.engine.SharedText;
import io.teamchat.gateway.live.RoomChannels;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.metrics.GatewayMetrics.EventSource;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Carries typing changes between gateways on the room's sharded typing channel ({@link RoomChannels#typingChannel}),
 * which only the gateways with sockets in the room subscribe to (with the room's own channel): ephemeral, so no
 * stream and never PostgreSQL. Each of those instances delivers {@code typing-indicator} to its sockets subscribed
 * to the room, except the typist's own.
 */
@Startup // registers with RoomChannels at start, before the first socket joins a room
@ApplicationScoped
public class TypingFanout {

    private static final Logger LOG = Logger.getLogger(TypingFanout.class);

    /** What travels on the channel, and the {@code typing-indicator} payload. */
    record TypingChange(UUID userId, UUID roomId, boolean isTyping) {}

    private final ReactiveRedisDataSource redis;
    private final SocketRegistry registry;
    private final ObjectMapper mapper;
    private final GatewayMetrics metrics;
    private final String prefix;

    public TypingFanout(
            ReactiveRedisDataSource redis,
            SocketRegistry registry,
            ObjectMapper mapper,
            RoomChannels channels,
            GatewayMetrics metrics,
            @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.redis = redis;
        this.registry = registry;
        this.mapper = mapper;
        this.metrics = metrics;
        this.prefix = prefix;
        channels.deliverTypingTo(this::deliver);
    }

    Uni<Void> publish(TypingChange change) {
        String message;
        try {
            message = mapper.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return redis.execute("SPUBLISH", RoomChannels.typingChannel(prefix, change.roomId()), message)
                .replaceWithVoid();
    }

    private void deliver(UUID roomId, String json) {
        metrics.eventIn(EventSource.TYPING_CHANNEL);
        TypingChange change;
        try {
            JsonNode node = mapper.readTree(json);
            change = new TypingChange(
                    UUID.fromString(node.path("userId").asText()),
                    roomId,
                    node.path("isTyping").asBoolean());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.debugf("unreadable typing message: %s", e.getMessage());
            return;
        }
        SharedText frame = new SharedText(ServerEvent.TYPING_INDICATOR.frame(mapper, change));
        for (SocketSession socket : registry.subscribers(roomId)) {
            if (socket.user() != null && !socket.user().id().equals(change.userId())) {
                socket.send(frame);
            }
        }
    }
}
