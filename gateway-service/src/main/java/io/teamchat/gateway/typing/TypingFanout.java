package io.teamchat.gateway.typing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.socket.ServerEvent;
import io.teamchat.gateway.socket.SocketRegistry;
import io.teamchat.gateway.socket.SocketSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Carries typing changes to every gateway over Redis pub/sub ({@code <prefix>typing}): ephemeral, so no stream
 * and never PostgreSQL. Each instance delivers {@code typing-indicator} to its sockets subscribed to the room,
 * except the typist's own. Its own class so it can move onto a generic per-room fan-out.
 */
@ApplicationScoped
public class TypingFanout {

    private static final Logger LOG = Logger.getLogger(TypingFanout.class);

    /** What travels on the channel, and the {@code typing-indicator} payload. */
    record TypingChange(UUID userId, UUID roomId, boolean isTyping) {}

    private final ReactiveRedisDataSource redis;
    private final SocketRegistry registry;
    private final ObjectMapper mapper;
    private final String channel;

    public TypingFanout(
            ReactiveRedisDataSource redis,
            SocketRegistry registry,
            ObjectMapper mapper,
            @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.redis = redis;
        this.registry = registry;
        this.mapper = mapper;
        this.channel = prefix + "typing";
    }

    void subscribe(@Observes StartupEvent event) {
        redis.pubsub(String.class)
                .subscribe(channel)
                .subscribe()
                .with(this::deliver, failure -> LOG.errorf("typing channel failed: %s", failure.toString()));
    }

    Uni<Void> publish(TypingChange change) {
        try {
            return redis.pubsub(String.class).publish(channel, mapper.writeValueAsString(change));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private void deliver(String json) {
        TypingChange change;
        try {
            JsonNode node = mapper.readTree(json);
            change = new TypingChange(
                    UUID.fromString(node.path("userId").asText()),
                    UUID.fromString(node.path("roomId").asText()),
                    node.path("isTyping").asBoolean());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.debugf("unreadable typing message: %s", e.getMessage());
            return;
        }
        String frame = ServerEvent.TYPING_INDICATOR.frame(mapper, change);
        for (SocketSession socket : registry.subscribers(change.roomId())) {
            if (socket.user() != null && !socket.user().id().equals(change.userId())) {
                socket.send(frame);
            }
        }
    }
}
