package io.teamchat.auth;

import static io.teamchat.auth.Accounts.REFRESH_COOKIE;
import static io.teamchat.auth.Accounts.login;
import static io.teamchat.auth.Accounts.newAdminSession;
import static io.teamchat.auth.Accounts.newSession;
import static io.teamchat.auth.Accounts.refresh;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Account disable and the audit log, both for administrators only. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class AccountAdminTest {

    @Inject
    EntityManager em;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void aDisabledAccountCannotRefreshOrLogInUntilEnabledAgain() {
        Session admin = newAdminSession();
        Session user = newSession();

        admin.request().put("/api/users/" + user.userId() + "/disabled").then().statusCode(204);

        assertEquals(401, refresh(user.refreshToken()).statusCode(), "its refresh tokens were revoked");
        var refused = login(user.registration().username(), user.registration().password());
        assertEquals(403, refused.statusCode());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals(
                401,
                login(user.registration().username(), "wrong-password").statusCode(),
                "a wrong password does not learn that the account is disabled");

        admin.request()
                .delete("/api/users/" + user.userId() + "/disabled")
                .then()
                .statusCode(204);
        var back = login(user.registration().username(), user.registration().password());
        assertEquals(200, back.statusCode());
        assertEquals(200, refresh(back.cookie(REFRESH_COOKIE)).statusCode());
    }

    /** Every gateway reads it from the events stream and closes the account's sockets (gateway DisabledAccountTest). */
    @Test
    void disablingPublishesUserDisabledForTheGateways() {
        Session admin = newAdminSession();
        Session user = newSession();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

        admin.request().put("/api/users/" + user.userId() + "/disabled").then().statusCode(204);

        JsonNode data =
                awaitEvents("user.disabled", user.userId().toString(), 1).get(0);
        Instant at = Instant.parse(data.path("disabledAt").asText());
        assertFalse(at.isBefore(before), at + " is the moment of the disable");
        admin.request()
                .delete("/api/users/" + user.userId() + "/disabled")
                .then()
                .statusCode(204);
        admin.request().put("/api/users/" + user.userId() + "/disabled").then().statusCode(204);
        awaitEvents("user.disabled", user.userId().toString(), 2); // each disable is announced
    }

    private List<JsonNode> awaitEvents(String type, String userId, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<JsonNode> found = events(type, userId);
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not " + count + " " + type + " for " + userId + " on " + prefix + "events");
    }

    private List<JsonNode> events(String type, String userId) {
        return redis.stream(String.class).xrange(prefix + "events", StreamRange.of("-", "+")).stream()
                .map(entry -> readTree(entry.payload().get("payload")))
                .filter(envelope -> envelope.path("type").asText().equals(type))
                .map(envelope -> envelope.path("data"))
                .filter(data -> data.path("userId").asText().equals(userId))
                .toList();
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The administration screen shows each account's role and state; nobody else learns them. */
    @Test
    void adminsSeeRoleAndDisabledStateOthersDoNot() {
        Session admin = newAdminSession();
        Session user = newSession();
        String path = "/api/users/" + user.userId();

        admin.request()
                .get(path)
                .then()
                .statusCode(200)
                .body("isAdmin", equalTo(false))
                .body("disabled", equalTo(false));
        admin.request().put(path + "/disabled").then().statusCode(204);
        admin.request().put(path + "/admin").then().statusCode(204);
        admin.request()
                .queryParam("q", user.registration().username())
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("[0].isAdmin", equalTo(true))
                .body("[0].disabled", equalTo(true));

        Session other = newSession();
        other.request()
                .get(path)
                .then()
                .statusCode(200)
                .body("$", not(hasKey("isAdmin")))
                .body("$", not(hasKey("disabled")));
        other.request().get("/api/users/me").then().statusCode(200).body("$", not(hasKey("isAdmin")));
    }

    @Test
    void onlyAdminsDisableAndNobodyDisablesThemself() {
        Session admin = newAdminSession();
        Session user = newSession();

        user.request().put("/api/users/" + admin.userId() + "/disabled").then().statusCode(403);
        admin.request().put("/api/users/" + admin.userId() + "/disabled").then().statusCode(409);
        assertEquals(
                200,
                login(admin.registration().username(), admin.registration().password())
                        .statusCode());
    }

    @Test
    void theAuditLogRecordsWhoDidWhatToWhomFromWhere() {
        Session admin = newAdminSession();
        Session user = newSession();
        login(user.registration().username(), "wrong-password");
        Session again = Accounts.loginAs(user.registration());
        refresh(again.refreshToken());
        RefreshRows.endGraceOf(again.refreshToken());
        refresh(again.refreshToken());
        admin.request().put("/api/users/" + user.userId() + "/admin").then().statusCode(204);
        admin.request().delete("/api/users/" + user.userId() + "/admin").then().statusCode(204);
        admin.request().put("/api/users/" + user.userId() + "/disabled").then().statusCode(204);

        List<Map<String, Object>> entries = admin.request()
                .queryParam("userId", user.userId())
                .get("/api/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");

        List<Object> actions = entries.stream().map(e -> e.get("action")).toList();
        assertEquals(
                List.of(
                        "account.disabled",
                        "admin.revoked",
                        "admin.granted",
                        "refresh.reused",
                        "login.succeeded",
                        "login.failed"),
                actions,
                "newest first");
        Map<String, Object> disabled = entries.get(0);
        assertEquals(admin.userId().toString(), disabled.get("actorId"));
        assertEquals(user.userId().toString(), disabled.get("targetId"));
        assertTrue(disabled.get("at") != null && disabled.get("address") != null, disabled.toString());
        String all = entries.toString();
        assertFalse(all.contains(user.registration().password()), "never a password");
        assertFalse(all.contains(again.refreshToken()), "never a token");

        List<Object> older = admin.request()
                .queryParam("userId", user.userId())
                .queryParam("before", entries.get(1).get("id"))
                .queryParam("limit", 2)
                .get("/api/admin/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("action");
        assertEquals(List.of("admin.granted", "refresh.reused"), older);
    }

    @Test
    void onlyAdminsReadTheAuditLog() {
        newSession().request().get("/api/admin/audit").then().statusCode(403);
        io.restassured.RestAssured.given().get("/api/admin/audit").then().statusCode(401);
    }

    @Test
    void auditRowsCannotBeChangedOrRemoved() {
        newAdminSession();
        assertThrows(
                RuntimeException.class,
                () -> QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("UPDATE auth.audit_log SET action = 'nothing'")
                                .executeUpdate()));
        assertThrows(
                RuntimeException.class,
                () -> QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("DELETE FROM auth.audit_log")
                                .executeUpdate()));
    }
}
