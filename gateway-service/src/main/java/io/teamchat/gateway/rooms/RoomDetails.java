package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.teamchat.membership.RoomRole;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room for join-room's ack ({@code GET /api/rooms/{id}} from room-service). Only data: whether the user may
 * join was already answered by {@link RoomGate}.
 *
 * <p>A room's fields are the same for every member except {@code myRole}, so one fetch per room serves every join
 * of the next {@code room-details-ttl}: when a gateway restarts and a thousand sockets join their rooms at once,
 * room-service answers once per room instead of once per socket (it used to time out, and joins failed with 503).
 * {@code myRole} comes from the membership cache read that allowed the join; a member, room or deletion event of the
 * room drops its entry at once, so a rename or a member count is at most one TTL old only for rooms whose events
 * this instance does not receive.
 */
@ApplicationScoped
public class RoomDetails {

    /** Past this many remembered rooms, expired entries are swept on the next fetch. */
    private static final int SWEEP_ABOVE = 1024;

    private record Fetch(CompletableFuture<JsonNode> room, long fetchedAtNanos) {}

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String roomUrl;
    private final Duration timeout;
    private final long ttlNanos;
    private final ConcurrentHashMap<UUID, Fetch> recent = new ConcurrentHashMap<>();

    public RoomDetails(UpstreamHttp http, ObjectMapper mapper, ServicesConfig services, GatewayConfig config) {
        this.http = http;
        this.mapper = mapper;
        this.roomUrl = UpstreamHttp.baseUrl(services.roomUrl());
        this.timeout = config.roomDetailsTimeout();
        this.ttlNanos = config.roomDetailsTtl().toNanos();
    }

    /**
     * The room as room-service answers it (with the {@code myRole} of whichever member's fetch is reused: pass it
     * through {@link #asSeenBy}). Fails when room-service does not answer the room (unreachable, timed out, or not
     * 200); a failed fetch is not reused.
     */
    public Uni<JsonNode> fetch(AuthUser user, UUID roomId) {
        long now = System.nanoTime();
        Fetch fetch = recent.compute(roomId, (id, known) -> reusable(known, now) ? known : start(user, id, now));
        if (recent.size() > SWEEP_ABOVE) {
            recent.values().removeIf(entry -> !reusable(entry, now));
        }
        return Uni.createFrom().completionStage(fetch.room());
    }

    /** The room as this user sees it: the shared fields with the user's own role. */
    public JsonNode asSeenBy(JsonNode room, RoomRole myRole) {
        ObjectNode own = room.deepCopy();
        own.set("myRole", mapper.valueToTree(myRole));
        return own;
    }

    /** The room changed (members, name, deletion): the next join fetches it again. */
    void forget(UUID roomId) {
        recent.remove(roomId);
    }

    private boolean reusable(Fetch fetch, long now) {
        return fetch != null && !fetch.room().isCompletedExceptionally() && now - fetch.fetchedAtNanos() < ttlNanos;
    }

    private Fetch start(AuthUser user, UUID roomId, long now) {
        CompletableFuture<JsonNode> room = http.callAsUser(
                        HttpMethod.GET, roomUrl + "/api/rooms/" + roomId, user.token(), null, timeout)
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
                })
                .subscribeAsCompletionStage();
        return new Fetch(room, now);
    }
}
