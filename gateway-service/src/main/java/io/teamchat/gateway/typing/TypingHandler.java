package io.teamchat.gateway.typing;

import com.fasterxml.jackson.databind.JsonNode;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.Problems;
import io.teamchat.gateway.socket.AckError;
import io.teamchat.gateway.socket.AckHandle;
import io.teamchat.gateway.socket.Payloads;
import io.teamchat.gateway.socket.SocketEventHandler;
import io.teamchat.gateway.socket.SocketSession;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code typing-start} / {@code typing-stop} {@code {roomId}}: only in a room this socket joined (join-room checked
 * the membership, member.left revokes it); otherwise 404 as for join-room. Both count against the user's typing
 * budget ({@code chat.rate-limits.typing}, shared by every gateway); over it: 429 and nothing is announced.
 */
@ApplicationScoped
public class TypingHandler implements SocketEventHandler {

    private final Typing typing;
    private final RateLimiter rateLimiter;

    public TypingHandler(Typing typing, RateLimiter rateLimiter) {
        this.typing = typing;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public Set<String> events() {
        return Set.of("typing-start", "typing-stop");
    }

    @Override
    public void handle(String event, SocketSession session, JsonNode data, AckHandle ack) {
        List<Problem.FieldError> errors = new ArrayList<>();
        UUID roomId = data.isObject() ? Payloads.uuid(data, "roomId", errors) : null;
        if (!data.isObject()) {
            errors.add(new Problem.FieldError("roomId", "is required"));
        }
        if (!errors.isEmpty()) {
            ack.error(AckError.invalid(errors));
            return;
        }
        if (!session.rooms().contains(roomId)) {
            ack.error(AckError.notFound("Join the room first."));
            return;
        }
        UUID userId = session.user().id();
        rateLimiter.acquire(Action.TYPING, userId).subscribe().with(verdict -> {
            if (!verdict.allowed()) {
                ack.error(AckError.from(Problems.tooManyRequests(verdict.detail())));
            } else if ("typing-start".equals(event)) {
                typing.started(userId, roomId, session.socketId());
                ack.ok();
            } else {
                typing.stopped(userId, roomId);
                ack.ok();
            }
        });
    }
}
