package io.teamchat.gateway.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.Problems;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.socket.Payloads;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code edit-message} {messageId, content} and {@code delete-message} {messageId}: message-service's
 * {@code PATCH}/{@code DELETE /api/messages/{id}} called with the socket user's own token, so REST and socket share
 * one authorization rule (author or admin edits; author, room owner or admin deletes) and one set of content rules.
 * Its problem details become the error ack unchanged; the room hears {@code message-updated} / {@code
 * message-deleted} from the events stream like every other event, in stream order.
 */
@ApplicationScoped
public class MessageChangeHandler implements SocketEventHandler {

    private static final Logger LOG = Logger.getLogger(MessageChangeHandler.class);

    static final String EDIT = "edit-message";
    static final String DELETE = "delete-message";

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String messageUrl;
    private final Duration timeout;

    public MessageChangeHandler(UpstreamHttp http, ObjectMapper mapper, ServicesConfig services, GatewayConfig config) {
        this.http = http;
        this.mapper = mapper;
        this.messageUrl = UpstreamHttp.baseUrl(services.messageUrl());
        this.timeout = config.proxy().timeout();
    }

    @Override
    public Set<String> events() {
        return Set.of(EDIT, DELETE);
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        boolean edit = EDIT.equals(event);
        if (!data.isObject()) {
            ack.error(AckError.badRequest(
                    edit
                            ? "The payload must be an object {messageId, content}."
                            : "The payload must be an object {messageId}."));
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        UUID messageId = Payloads.uuid(data, "messageId", errors);
        String content =
                edit ? MessageRules.content("content", Payloads.optionalText(data, "content", errors), errors) : null;
        if (!errors.isEmpty()) {
            ack.error(AckError.invalid(errors));
            return;
        }
        AuthUser user = session.user();
        String body = edit ? mapper.createObjectNode().put("content", content).toString() : null;
        http.callAsUser(
                        edit ? HttpMethod.PATCH : HttpMethod.DELETE,
                        messageUrl + "/api/messages/" + messageId,
                        user.token(),
                        body,
                        timeout)
                .subscribe()
                .with(answer -> reply(answer, edit, messageId, ack), failure -> {
                    LOG.warnf("message-service %s failed: %s", event, failure.toString());
                    ack.error(unavailable());
                });
    }

    private void reply(UpstreamHttp.Answer answer, boolean edit, UUID messageId, AckHandle ack) {
        if (answer.status() == 200 && edit) {
            ObjectNode fields = mapper.createObjectNode();
            fields.set("message", parse(answer.body()));
            ack.ok(fields);
        } else if (answer.status() / 100 == 2 && !edit) {
            ack.ok(mapper.createObjectNode().put("messageId", messageId.toString()));
        } else {
            ack.error(problemOf(answer));
        }
    }

    /** message-service's problem details as the ack error; anything unreadable is a 503. */
    private AckError problemOf(UpstreamHttp.Answer answer) {
        try {
            Problem problem = mapper.readValue(answer.body().getBytes(), Problem.class);
            if (problem.status() >= 400 && problem.status() < 500 && problem.title() != null) {
                return AckError.from(problem);
            }
        } catch (Exception e) {
            // answered below
        }
        LOG.warnf("message-service answered %d to a message change", answer.status());
        return unavailable();
    }

    private JsonNode parse(Buffer body) {
        try {
            return mapper.readTree(body.getBytes());
        } catch (Exception e) {
            throw new IllegalStateException("message-service answered a message that is not JSON", e);
        }
    }

    private static AckError unavailable() {
        return AckError.from(Problems.unavailable("Messages cannot be changed right now; retry."));
    }
}
