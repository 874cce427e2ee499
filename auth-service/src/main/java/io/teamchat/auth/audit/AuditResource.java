package io.teamchat.auth.audit;

import io.teamchat.auth.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/admin/audit?before=&userId=&limit=}: the audit log for administrators, newest first. */
@Path("/api/admin/audit")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    /** One entry as the API shows it. */
    public record AuditView(
            UUID id, Instant at, String action, UUID actorId, UUID targetId, String address, String detail) {

        static AuditView of(AuditEntry entry) {
            return new AuditView(
                    entry.id, entry.at, entry.action, entry.actorId, entry.targetId, entry.address, entry.detail);
        }
    }

    @Inject
    AuditLog log;

    @GET
    public List<AuditView> list(
            @QueryParam("before") UUID before,
            @QueryParam("userId") UUID userId,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        return log.page(before, userId, limit).stream().map(AuditView::of).toList();
    }
}
