package io.teamchat.presence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class PresenceTest {

    // on the management interface (its root path /q is prepended), never on the API port
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private Connections gateway;

    @BeforeEach
    void gateway() {
        gateway = new Connections(redis, mapper, prefix);
    }

    @Test
    void aUserIsOnlineWhileASocketIsOpenAndSeenLastWhenItCloses() {
        UUID user = UUID.randomUUID();
        String socket = Connections.newSocketId();
        presenceOf(user)
                .then()
                .statusCode(200)
                .body("[0].isOnline", equalTo(false))
                .body("[0].lastSeen", nullValue());

        gateway.connected(user, socket);
        JsonPath online = awaitPresence(user, p -> p.getBoolean("[0].isOnline"));
        assertEquals(user.toString(), online.getString("[0].userId"));

        Instant beforeClose = Instant.now().minusSeconds(1);
        gateway.disconnected(user, socket);
        JsonPath offline =
                awaitPresence(user, p -> !p.getBoolean("[0].isOnline") && p.getString("[0].lastSeen") != null);
        Instant lastSeen = Instant.parse(offline.getString("[0].lastSeen"));
        assertTrue(lastSeen.isAfter(beforeClose), "lastSeen " + lastSeen + " is the time of the disconnect");
    }

    @Test
    void aSecondSocketKeepsTheUserOnline() {
        UUID user = UUID.randomUUID();
        String first = Connections.newSocketId();
        String second = Connections.newSocketId();
        gateway.connected(user, first);
        gateway.connected(user, second);
        await(() -> redis.set(String.class).scard(socketsKey(user)) == 2);

        gateway.disconnected(user, first);
        await(() -> !redis.set(String.class).sismember(socketsKey(user), first));
        presenceOf(user).then().body("[0].isOnline", equalTo(true));

        gateway.disconnected(user, second);
        awaitPresence(user, p -> !p.getBoolean("[0].isOnline") && p.getString("[0].lastSeen") != null);
    }

    @Test
    void presenceChangesArePublishedOnTheEventsStream() throws Exception {
        UUID user = UUID.randomUUID();
        String socket = Connections.newSocketId();
        gateway.connected(user, socket);
        JsonNode online = awaitPresenceChanged(user, true);
        assertTrue(online.at("/data/lastSeen").isNull(), "never seen before");

        gateway.disconnected(user, socket);
        JsonNode offline = awaitPresenceChanged(user, false);
        assertEquals("presence.changed", offline.get("type").asText());
        assertFalse(offline.at("/data/lastSeen").isNull());
    }

    @Test
    void redeliveredAndLateEntriesChangeNothing() {
        UUID user = UUID.randomUUID();
        String socket = Connections.newSocketId();
        gateway.connected(user, socket);
        gateway.disconnected(user, socket);
        String lastSeen =
                awaitPresence(user, p -> p.getString("[0].lastSeen") != null).getString("[0].lastSeen");

        // The same disconnect again, then its connect arriving late: the user stays offline, last seen unchanged.
        gateway.disconnected(user, socket);
        gateway.connected(user, socket);
        // Entries are processed in stream order: once a later marker user is online, the two above were handled.
        UUID marker = UUID.randomUUID();
        gateway.connected(marker, Connections.newSocketId());
        awaitPresence(marker, p -> p.getBoolean("[0].isOnline"));

        presenceOf(user).then().body("[0].isOnline", equalTo(false)).body("[0].lastSeen", equalTo(lastSeen));
    }

    @Test
    void malformedEntriesAreSkippedAndAcknowledged() {
        gateway.appendRaw("not json");
        gateway.appendRaw("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"no.such.type\",\"data\":{}}");
        UUID marker = UUID.randomUUID();
        gateway.connected(marker, Connections.newSocketId());
        awaitPresence(marker, p -> p.getBoolean("[0].isOnline"));
        await(() -> pendingEntries() == 0);
    }

    @Test
    void answersInTheOrderAskedWithoutDuplicates() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        asUser().queryParam("userIds", b + ", " + a + "," + b)
                .get("/api/presence")
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("userId", contains(b.toString(), a.toString()))
                .body("isOnline", contains(false, false))
                .body("[0].lastSeen", nullValue());
    }

    @Test
    void badUserIdsAreRejected() {
        asUser().queryParam("userIds", UUID.randomUUID() + ",nope")
                .get("/api/presence")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("userIds"));
        asUser().get("/api/presence").then().statusCode(400).body("errors[0].field", equalTo("userIds"));
        asUser().queryParam("userIds", "1-2-3-4-5").get("/api/presence").then().statusCode(400);

        String tooMany = IntStream.range(0, 201)
                .mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));
        asUser().queryParam("userIds", tooMany).get("/api/presence").then().statusCode(400);
        String justEnough = IntStream.range(0, 200)
                .mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));
        asUser().queryParam("userIds", justEnough)
                .get("/api/presence")
                .then()
                .statusCode(200)
                .body("$", hasSize(200));
    }

    @Test
    void aTokenIsRequired() {
        given().queryParam("userIds", UUID.randomUUID().toString())
                .get("/api/presence")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        given().auth()
                .oauth2(TestTokens.expired(UUID.randomUUID(), "late"))
                .queryParam("userIds", UUID.randomUUID().toString())
                .get("/api/presence")
                .then()
                .statusCode(401);
    }

    @Test
    void readyAndMeasured() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(notNullValue());
    }

    private RequestSpecification asUser() {
        return given().auth().oauth2(TestTokens.issueForNewUser("viewer"));
    }

    private io.restassured.response.Response presenceOf(UUID user) {
        return asUser().queryParam("userIds", user.toString()).get("/api/presence");
    }

    private JsonPath awaitPresence(UUID user, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        await(() -> {
            last[0] = presenceOf(user).then().statusCode(200).extract().jsonPath();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private JsonNode awaitPresenceChanged(UUID user, boolean isOnline) {
        JsonNode[] found = new JsonNode[1];
        await(() -> {
            found[0] = presenceChanges().stream()
                    .filter(e -> user.toString().equals(e.at("/data/userId").asText()))
                    .filter(e -> e.at("/data/isOnline").asBoolean() == isOnline)
                    .findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private List<JsonNode> presenceChanges() {
        return redis.stream(String.class).xrange(prefix + "events", StreamRange.of("-", "+")).stream()
                .map(entry -> readTree(entry.payload().get("payload")))
                .filter(e -> "presence.changed".equals(e.path("type").asText()))
                .toList();
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long pendingEntries() {
        return redis.execute("XPENDING", prefix + "connections", "presence-service")
                .get(0)
                .toLong();
    }

    private String socketsKey(UUID user) {
        return prefix + "presence:sockets:" + user;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
