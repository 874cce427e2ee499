package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.common.problem.Problem;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.rooms.RoomGate;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.socket.Payloads;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.teamchat.membership.RoomAction;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code sync} {roomId, afterId}: what a reconnecting client missed. The same membership check as join-room, then
 * message-service's {@code GET /api/rooms/{roomId}/messages?after=&limit=200} with the caller's own token (so
 * message-service applies its rules too); ack {@code {ok, items, hasMore}}.
 */
@ApplicationScoped
public class SyncHandler implements SocketEventHandler {

    private static final Logger LOG = Logger.getLogger(SyncHandler.class);

    static final int LIMIT = 200;

    private final RoomGate gate;
    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String messageUrl;
    private final Duration timeout;

    public SyncHandler(
            RoomGate gate, UpstreamHttp http, ObjectMapper mapper, ServicesConfig services, GatewayConfig config) {
        this.gate = gate;
        this.http = http;
        this.mapper = mapper;
        this.messageUrl = UpstreamHttp.baseUrl(services.messageUrl());
        this.timeout = config.proxy().timeout();
    }

    @Override
    public Set<String> events() {
        return Set.of("sync");
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        if (!data.isObject()) {
            ack.error(AckError.badRequest("The payload must be an object {roomId, afterId}."));
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        UUID roomId = Payloads.uuid(data, "roomId", errors);
        UUID afterId = Payloads.uuid(data, "afterId", errors);
        if (!errors.isEmpty()) {
            ack.error(AckError.invalid(errors));
            return;
        }
        AuthUser user = session.user();
        gate.check(user, roomId, RoomAction.READ)
                .subscribe()
                .with(
                        denied -> {
                            if (denied == null) {
                                fetch(user, roomId, afterId, ack);
                            } else {
                                ack.error(denied);
                            }
                        },
                        failure -> ack.error(AckError.membershipUnavailable()));
    }

    private void fetch(AuthUser user, UUID roomId, UUID afterId, AckHandle ack) {
        String uri = messageUrl + "/api/rooms/" + roomId + "/messages?after=" + afterId + "&limit=" + LIMIT;
        http.callAsUser(HttpMethod.GET, uri, user.token(), null, timeout)
                .map(response -> answer(response.status(), response.body().toString()))
                .subscribe()
                .with(ack::ok, failure -> ack.error(errorFor(failure)));
    }

    /** The ack fields for a 200; anything else is thrown as the matching error ack. */
    private ObjectNode answer(int status, String body) {
        if (status == 200) {
            JsonNode page;
            try {
                page = mapper.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("message-service answered a page that is not JSON", e);
            }
            JsonNode items = page == null ? null : page.get("items");
            if (items == null || !items.isArray()) {
                throw new IllegalStateException("message-service answered a page without items");
            }
            ObjectNode fields = mapper.createObjectNode();
            fields.set("items", items);
            fields.put("hasMore", page.path("hasMore").asBoolean(false));
            return fields;
        }
        throw new UpstreamAnswer(
                switch (status) {
                    case 403, 404 -> AckError.notFound("Room not found.");
                    case 401 -> AckError.unauthorized();
                    case 400 -> AckError.badRequest("message-service refused the sync request.");
                    default -> {
                        LOG.warnf("message-service answered %d to a sync", status);
                        yield unavailable();
                    }
                });
    }

    private static AckError errorFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UpstreamAnswer answer) {
                return answer.error;
            }
        }
        // Unreachable, timed out, or an answer that is not a page.
        LOG.warnf("message-service sync failed: %s", failure.toString());
        return unavailable();
    }

    private static AckError unavailable() {
        return AckError.unavailable("Messages cannot be loaded right now; retry the sync.");
    }

    /** A definite answer from message-service that is not a page: carried to the ack as is. */
    private static final class UpstreamAnswer extends RuntimeException {
        final AckError error;

        UpstreamAnswer(AckError error) {
            super(error.detail(), null, false, false);
            this.error = error;
        }
    }
}
