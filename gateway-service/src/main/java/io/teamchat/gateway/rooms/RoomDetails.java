package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * The room as the user sees it ({@code GET /api/rooms/{id}} with the user's own token), for join-room's ack. Only
 * data: whether the user may join was already answered by {@link RoomGate}.
 */
@ApplicationScoped
public class RoomDetails {

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String roomUrl;
    private final Duration timeout;

    public RoomDetails(UpstreamHttp http, ObjectMapper mapper, ServicesConfig services, GatewayConfig config) {
        this.http = http;
        this.mapper = mapper;
        this.roomUrl = UpstreamHttp.baseUrl(services.roomUrl());
        this.timeout = config.roomDetailsTimeout();
    }

    /** Fails when room-service does not answer the room (unreachable, timed out, or not 200). */
    public Uni<JsonNode> fetch(AuthUser user, UUID roomId) {
        return http.callAsUser(HttpMethod.GET, roomUrl + "/api/rooms/" + roomId, user.token(), null, timeout)
                .map(answer -> {
                    if (answer.status() != 200) {
                        throw new IllegalStateException(
                                "room-service answered " + answer.status() + " for room " + roomId);
                    }
                    try {
                        return mapper.readTree(answer.body().toString());
                    } catch (Exception e) {
                        throw new IllegalStateException("room-service answered a room that is not JSON", e);
                    }
                });
    }
}
