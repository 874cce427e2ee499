package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * The room as the user sees it ({@code GET /api/rooms/{id}} with the user's own token), for join-room's ack. Only
 * data: whether the user may join was already answered by {@link RoomGate}.
 */
@ApplicationScoped
public class RoomDetails {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String roomUrl;
    private final Duration timeout;

    public RoomDetails(UpstreamHttp http, ObjectMapper mapper, ServicesConfig services, GatewayConfig config) {
        this.http = http.client();
        this.mapper = mapper;
        String url = services.roomUrl();
        this.roomUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.timeout = config.roomDetailsTimeout();
    }

    /** Fails when room-service does not answer the room (unreachable, timed out, or not 200). */
    public Uni<JsonNode> fetch(AuthUser user, UUID roomId) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(roomUrl + "/api/rooms/" + roomId)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + user.token())
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setIdleTimeout(timeout.toMillis());
        return Uni.createFrom()
                .completionStage(() -> http.request(options)
                        .compose(request -> request.send())
                        .compose(response -> response.body().map(body -> {
                            if (response.statusCode() != 200) {
                                throw new IllegalStateException(
                                        "room-service answered " + response.statusCode() + " for room " + roomId);
                            }
                            try {
                                return mapper.readTree(body.toString());
                            } catch (Exception e) {
                                throw new IllegalStateException("room-service answered a room that is not JSON", e);
                            }
                        }))
                        .toCompletionStage())
                .ifNoItem()
                .after(timeout)
                .fail();
    }
}
