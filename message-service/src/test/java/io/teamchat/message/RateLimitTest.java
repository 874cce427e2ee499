package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.RateLimiter;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * REST sends, edits and deletes spend the user's budgets in Redis (libs/rate-limits), the same budgets the gateways
 * spend on socket sends; over them: 429 problem details with Retry-After, and nothing changes. What another
 * instance spent is written to Redis here through the library, exactly as that instance does.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class RateLimitTest {

    @Inject
    MembershipCache membership;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    DataSource database;

    @Inject
    RedisDataSource redis;

    @Test
    void theTwentyFirstRestSendWithinTheWindowIs429() throws Exception {
        TestUser user = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(user.id());
        for (int i = 0; i < 20; i++) {
            send(user, room, "rest " + i).then().statusCode(201);
        }
        Response refused = send(user, room, "one too many");

        assertTooMany(refused, "messages");
        assertEquals(0, stored("one too many"));
    }

    @Test
    void socketSendsCountedByAGatewaySpendTheSameBudget() throws Exception {
        TestUser user = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(user.id());
        for (int i = 0; i < 20; i++) {
            assertTrue(rateLimiter
                    .acquire(Action.MESSAGE, user.id())
                    .await()
                    .indefinitely()
                    .allowed());
        }
        assertTooMany(send(user, room, "after the socket burst"), "messages");
        assertEquals(0, stored("after the socket burst"));
    }

    @Test
    void theBudgetStillCountsAfterRedisForgotTheLimitScripts() throws Exception {
        TestUser user = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(user.id());
        for (int i = 0; i < 10; i++) {
            assertTrue(acquired(user));
        }
        // As after a Redis restart or on a new cluster node: the scripts run by SHA1 are gone and must be sent again.
        redis.execute("SCRIPT", "FLUSH");
        for (int i = 0; i < 10; i++) {
            assertTrue(acquired(user));
        }
        assertFalse(acquired(user), "the 21st within the window is refused: counted, not waved through on NOSCRIPT");
        assertTooMany(send(user, room, "after the flush"), "messages");
    }

    private boolean acquired(TestUser user) {
        return rateLimiter
                .acquire(Action.MESSAGE, user.id())
                .await()
                .indefinitely()
                .allowed();
    }

    @Test
    void editsAndDeletesHaveTheirOwnBudget() throws Exception {
        TestUser user = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(user.id());
        String id = send(user, room, "original words")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (int i = 0; i < 30; i++) {
            assertTrue(rateLimiter
                    .acquire(Action.CHANGE, user.id())
                    .await()
                    .indefinitely()
                    .allowed());
        }
        Response edit = given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", "changed words"))
                .patch("/api/messages/{id}", id);
        assertTooMany(edit, "message edits and deletes");
        Response delete = given().header("Authorization", user.bearer()).delete("/api/messages/{id}", id);
        assertTooMany(delete, "message edits and deletes");

        assertEquals(1, stored("original words"), "neither edited nor deleted");
        // Sending is another budget.
        send(user, room, "still allowed").then().statusCode(201);
    }

    private static Response send(TestUser user, UUID room, String content) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", room);
    }

    private static void assertTooMany(Response response, String what) {
        response.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests"));
        String detail = response.path("detail");
        assertTrue(detail.contains(what), detail);
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After within the 10 s window: " + retryAfter);
    }

    private long stored(String content) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query =
                        connection.prepareStatement("select count(*) from message.messages where content = ?")) {
            query.setString(1, content);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
