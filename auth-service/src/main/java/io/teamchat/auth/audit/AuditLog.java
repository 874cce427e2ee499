package io.teamchat.auth.audit;

import io.teamchat.common.events.AuditRecorded;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.web.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes and reads the audit log. A record joins the caller's transaction when there is one (a role change and its
 * record commit or roll back together) and commits on its own otherwise (a failed login, whose request fails).
 * Never given passwords or tokens: only ids, the action, the client address and a short detail.
 */
@ApplicationScoped
public class AuditLog {

    public static final int MAX_PAGE = 200;

    @Inject
    ClientAddress client;

    @Inject
    EntityManager em;

    @Transactional
    public void record(AuditAction action, UUID actorId, UUID targetId, String detail) {
        AuditEntry entry = new AuditEntry();
        entry.id = UuidV7.generate();
        entry.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.action = action.code;
        entry.actorId = actorId;
        entry.targetId = targetId;
        entry.address = client.current();
        entry.detail = detail;
        entry.persist();
    }

    /**
     * Records an action another service reported on the audit stream, with that service's time and client address.
     * The stream entry's id is the row's id, so a redelivered entry is recorded once.
     */
    @Transactional
    public void recordReported(UUID entryId, AuditAction action, AuditRecorded reported) {
        String detail = reported.roomId() == null ? null : "room " + reported.roomId();
        if (reported.detail() != null && !reported.detail().isBlank()) {
            detail = (detail == null ? "" : detail + ": ") + reported.detail();
        }
        em.createNativeQuery("insert into {h-schema}audit_log (id, at, action, actor_id, target_id, address, detail)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (id) do nothing")
                .setParameter(1, entryId)
                .setParameter(2, reported.at() == null ? Instant.now() : reported.at())
                .setParameter(3, action.code)
                .setParameter(4, reported.actorId())
                .setParameter(5, reported.targetId())
                .setParameter(6, truncate(reported.address(), 64))
                .setParameter(7, truncate(detail, 500))
                .executeUpdate();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** Newest first; {@code before} (an entry id) pages back, {@code targetId} narrows to one account. */
    public List<AuditEntry> page(UUID before, UUID targetId, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (before != null) {
            query.append(" and id < :before");
            params.put("before", before);
        }
        if (targetId != null) {
            query.append(" and targetId = :target");
            params.put("target", targetId);
        }
        return AuditEntry.<AuditEntry>find(query + " order by id desc", params)
                .page(0, Math.min(Math.max(limit, 1), MAX_PAGE))
                .list();
    }
}
