package io.teamchat.presence.presence;

import io.quarkus.security.Authenticated;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.presence.status.StatusRules;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's own custom status: {@code PUT} sets it ({@code {text?, emoji?}}), {@code DELETE} clears it. */
@Path("/api/presence/me/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /** The body of {@code PUT}: a status text, an emoji, or both (StatusRules). */
    public record SetStatusRequest(String text, String emoji) {}

    @Inject
    JsonWebToken jwt;

    @Inject
    PresenceService presence;

    /** 200 the caller's presence with the new status; 400 with field errors and nothing stored when refused. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public PresenceView set(@NotNull SetStatusRequest body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        StatusRules.Status status = StatusRules.check(body.text(), body.emoji(), errors);
        if (status == null) {
            throw ProblemException.invalid(errors);
        }
        return presence.setStatus(callerId(), status);
    }

    @DELETE
    public void clear() {
        presence.clearStatus(callerId());
    }

    private UUID callerId() {
        return UUID.fromString(jwt.getSubject());
    }
}
