package io.teamchat.gateway.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.housekeeping.Housekeeping;
import io.teamchat.gateway.metrics.GatewayMetrics;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Asks room-service whether a user may see a room ({@code GET /api/rooms/{id}} with the user's own token, so
 * room-service applies its own rules). Positive answers are cached briefly for send-message; negative ones are
 * not, so a user who just joined can send at once.
 */
@ApplicationScoped
public class MembershipClient {

    private static final Logger LOG = Logger.getLogger(MembershipClient.class);
    private static final int MAX_CACHED = 100_000;

    /** The outcome of a lookup. */
    public enum Access {
        MEMBER,
        NOT_FOUND,
        UNAUTHORIZED,
        UNAVAILABLE;

        /** The answer to a socket event whose room check did not say "member"; null for MEMBER. */
        public AckError denial() {
            return switch (this) {
                case MEMBER -> null;
                case NOT_FOUND -> AckError.notFound("Room not found.");
                case UNAUTHORIZED ->
                    AckError.of(401, "Unauthorized", "The access token is no longer valid; reconnect with a new one.");
                case UNAVAILABLE -> AckError.membershipUnavailable();
            };
        }
    }

    /** {@code room} is room-service's JSON for MEMBER, otherwise null. */
    public record Lookup(Access access, JsonNode room) {}

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String roomUrl;
    private final Duration timeout;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Long> members = new ConcurrentHashMap<>();
    private final GatewayMetrics metrics;

    public MembershipClient(
            UpstreamHttp http,
            ObjectMapper mapper,
            ServicesConfig services,
            GatewayConfig config,
            Housekeeping housekeeping,
            GatewayMetrics metrics) {
        this.http = http.client();
        this.metrics = metrics;
        this.mapper = mapper;
        this.roomUrl = stripSlash(services.roomUrl());
        this.timeout = config.membershipTimeout();
        this.ttlNanos = config.membershipCacheTtl().toNanos();
        housekeeping.onTick(this::purgeExpired);
    }

    /** The room as the user sees it; always asks room-service (join-room needs the room itself). */
    public Uni<Lookup> lookup(AuthUser user, UUID roomId) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(roomUrl + "/api/rooms/" + roomId)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + user.token())
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setIdleTimeout(timeout.toMillis());
        return Uni.createFrom()
                .completionStage(() -> http.request(options)
                        .compose(request -> request.send())
                        .compose(response ->
                                response.body().map(body -> interpret(user, response.statusCode(), body.toString())))
                        .toCompletionStage())
                .ifNoItem()
                .after(timeout)
                .fail()
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("room-service lookup failed: %s", failure.toString());
                    return new Lookup(Access.UNAVAILABLE, null);
                })
                .invoke(lookup -> {
                    if (lookup.access() == Access.MEMBER) {
                        remember(user.id(), roomId);
                    }
                });
    }

    /** Membership for send-message: a recent positive answer is reused. */
    public Uni<Access> check(AuthUser user, UUID roomId) {
        Long until = members.get(key(user.id(), roomId));
        boolean hit = until != null && System.nanoTime() - until < 0;
        metrics.membershipCache(hit);
        if (hit) {
            return Uni.createFrom().item(Access.MEMBER);
        }
        return lookup(user, roomId).map(Lookup::access);
    }

    /** Drops a cached positive answer (member.left): the next send asks room-service again. */
    public void forget(UUID userId, UUID roomId) {
        members.remove(key(userId, roomId));
    }

    private Lookup interpret(AuthUser user, int status, String body) {
        if (status == 200) {
            try {
                JsonNode room = mapper.readTree(body);
                JsonNode role = room.get("myRole");
                boolean member = role != null && !role.isNull();
                return member || user.isAdmin() ? new Lookup(Access.MEMBER, room) : new Lookup(Access.NOT_FOUND, null);
            } catch (Exception e) {
                LOG.warnf("room-service answered a room that is not JSON: %s", e.getMessage());
                return new Lookup(Access.UNAVAILABLE, null);
            }
        }
        if (status == 404 || status == 403) {
            return new Lookup(Access.NOT_FOUND, null);
        }
        if (status == 401) {
            return new Lookup(Access.UNAUTHORIZED, null);
        }
        LOG.warnf("room-service answered %d to a room lookup", status);
        return new Lookup(Access.UNAVAILABLE, null);
    }

    private void remember(UUID userId, UUID roomId) {
        if (members.size() >= MAX_CACHED) {
            members.clear();
        }
        members.put(key(userId, roomId), System.nanoTime() + ttlNanos);
    }

    private void purgeExpired() {
        long now = System.nanoTime();
        members.values().removeIf(until -> now - until > 0);
    }

    private static String key(UUID userId, UUID roomId) {
        return userId + ":" + roomId;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
