package io.teamchat.auth;

import static io.teamchat.auth.Accounts.newAdminSession;
import static io.teamchat.auth.Accounts.newSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.common.events.AuditRecorded;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Room deletions and kicks that room-service reports on the real audit stream (its RoomAuditTest) land in the one
 * audit log admins read at {@code GET /api/admin/audit}: once even when the entry is delivered twice, and only the
 * actions another service may report (a forged {@code admin.granted} is not recorded).
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class AuditStreamTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void aReportedKickIsRecordedOnceAndReadableByAdmins() throws Exception {
        Session admin = newAdminSession();
        UUID kicker = UUID.randomUUID();
        UUID kicked = UUID.randomUUID();
        UUID room = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope forged = EventEnvelope.of(
                EventType.AUDIT_RECORDED,
                new AuditRecorded("admin.granted", kicker, kicked, room, "198.51.100.9", at, null),
                mapper);
        EventEnvelope kick = EventEnvelope.of(
                EventType.AUDIT_RECORDED,
                new AuditRecorded("member.removed", kicker, kicked, room, "198.51.100.9", at, null),
                mapper);
        append(forged);
        append(kick);
        append(kick); // at-least-once delivery
        // entries are recorded in stream order: once this one is in, so is everything before it
        UUID sentinel = UUID.randomUUID();
        append(EventEnvelope.of(
                EventType.AUDIT_RECORDED,
                new AuditRecorded("room.deleted", kicker, sentinel, room, null, at, null),
                mapper));
        awaitRecorded(admin, sentinel);

        List<Map<String, Object>> entries = entriesAbout(admin, kicked);
        assertEquals(1, entries.size(), entries.toString());
        Map<String, Object> entry = entries.get(0);
        assertEquals("member.removed", entry.get("action"));
        assertEquals(kicker.toString(), entry.get("actorId"));
        assertEquals("198.51.100.9", entry.get("address"));
        assertTrue(String.valueOf(entry.get("detail")).contains(room.toString()), entry.toString());
        assertEquals(at, Instant.parse((String) entry.get("at")));

        Session user = newSession();
        user.request()
                .queryParam("userId", kicked)
                .get("/api/admin/audit")
                .then()
                .statusCode(403);
    }

    private void append(EventEnvelope envelope) throws Exception {
        redis.stream(String.class).xadd(prefix + "audit", Map.of("payload", mapper.writeValueAsString(envelope)));
    }

    private List<Map<String, Object>> entriesAbout(Session admin, UUID target) {
        return admin.request()
                .queryParam("userId", target)
                .get("/api/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** Waits until an entry about {@code target} is recorded. */
    private void awaitRecorded(Session admin, UUID target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (entriesAbout(admin, target).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing recorded about " + target);
            }
            Thread.sleep(50);
        }
    }
}
