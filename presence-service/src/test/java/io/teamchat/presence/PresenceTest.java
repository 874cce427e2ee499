package io.teamchat.presence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import java.net.URL;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class PresenceTest extends PresenceTestBase {

    // on the management interface (its root path /q is prepended), never on the API port
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void aUserIsOnlineWhileASocketIsOpenAndSeenLastWhenItCloses() {
        UUID user = UUID.randomUUID();
        String socket = Connections.newSocketId();
        Probe.presenceOf(user)
                .then()
                .statusCode(200)
                .body("[0].isOnline", equalTo(false))
                .body("[0].lastSeen", nullValue());

        gateway.connected(user, socket);
        JsonPath online = Probe.awaitPresence(user, p -> p.getBoolean("[0].isOnline"));
        assertEquals(user.toString(), online.getString("[0].userId"));

        Instant beforeClose = Instant.now().minusSeconds(1);
        gateway.disconnected(user, socket);
        JsonPath offline =
                Probe.awaitPresence(user, p -> !p.getBoolean("[0].isOnline") && p.getString("[0].lastSeen") != null);
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
        Probe.await(() -> redis.set(String.class).scard(socketsKey(user)) == 2);

        gateway.disconnected(user, first);
        Probe.await(() -> !redis.set(String.class).sismember(socketsKey(user), first));
        Probe.presenceOf(user).then().body("[0].isOnline", equalTo(true));

        gateway.disconnected(user, second);
        Probe.awaitPresence(user, p -> !p.getBoolean("[0].isOnline") && p.getString("[0].lastSeen") != null);
    }

    @Test
    void presenceChangesArePublishedOnTheEventsStream() throws Exception {
        UUID user = UUID.randomUUID();
        String socket = Connections.newSocketId();
        gateway.connected(user, socket);
        JsonNode online = probe.awaitPresenceChanged(user, true);
        assertTrue(online.at("/data/lastSeen").isNull(), "never seen before");

        gateway.disconnected(user, socket);
        JsonNode offline = probe.awaitPresenceChanged(user, false);
        assertEquals("presence.changed", offline.get("type").asText());
        assertFalse(offline.at("/data/lastSeen").isNull());
    }

    @Test
    void redeliveredAndLateEntriesChangeNothing() {
        UUID user = UUID.randomUUID();
        String socket = Connections.newSocketId();
        gateway.connected(user, socket);
        gateway.disconnected(user, socket);
        String lastSeen = Probe.awaitPresence(user, p -> p.getString("[0].lastSeen") != null)
                .getString("[0].lastSeen");

        // The same disconnect again, then its connect arriving late: the user stays offline, last seen unchanged.
        gateway.disconnected(user, socket);
        gateway.connected(user, socket);
        // A partition's entries are applied in order: once a later marker user of the same partition is online, the
        // two above were handled.
        UUID marker = Connections.userInPartitionOf(user);
        gateway.connected(marker, Connections.newSocketId());
        Probe.awaitPresence(marker, p -> p.getBoolean("[0].isOnline"));

        Probe.presenceOf(user).then().body("[0].isOnline", equalTo(false)).body("[0].lastSeen", equalTo(lastSeen));
    }

    @Test
    void aBurstOfChangesIsAppliedInBatchesWithEachUsersEventsInOrder() {
        // Every user opens two sockets and closes both: one online and one offline event each, in that order, however
        // the burst is cut into batches (a batch holds several users' changes, and a user's can span two batches).
        List<UUID> users =
                IntStream.range(0, 100).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, List<String>> sockets = new HashMap<>();
        for (UUID user : users) {
            List<String> both = List.of(Connections.newSocketId(), Connections.newSocketId());
            sockets.put(user, both);
            both.forEach(socket -> gateway.connected(user, socket));
        }
        for (UUID user : users) {
            sockets.get(user).forEach(socket -> gateway.disconnected(user, socket));
        }
        Probe.await(() -> presenceOfAll(users).stream().noneMatch(online -> online));

        Map<String, List<Boolean>> eventsByUser = probe.presenceChanges().stream()
                .collect(Collectors.groupingBy(
                        event -> event.at("/data/userId").asText(),
                        Collectors.mapping(event -> event.at("/data/isOnline").asBoolean(), Collectors.toList())));
        for (UUID user : users) {
            assertEquals(List.of(true, false), eventsByUser.get(user.toString()), "the events of " + user);
        }
        assertTrue(largestBatch() > 1, "changes appended faster than one at a time are applied together");
    }

    private List<Boolean> presenceOfAll(List<UUID> users) {
        return Probe.asUser()
                .queryParam("userIds", users.stream().map(UUID::toString).collect(Collectors.joining(",")))
                .get("/api/presence")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("isOnline", Boolean.class);
    }

    /** chat_presence_batch_size_max from the metrics endpoint. */
    private double largestBatch() {
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith("chat_presence_batch_size_max"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max()
                .orElse(0);
    }

    @Test
    void malformedEntriesAreSkippedAndAcknowledged() {
        UUID marker = UUID.randomUUID();
        gateway.appendRaw("not json", marker);
        gateway.appendRaw("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"no.such.type\",\"data\":{}}", marker);
        gateway.connected(marker, Connections.newSocketId());
        Probe.awaitPresence(marker, p -> p.getBoolean("[0].isOnline"));
        Probe.await(() -> pendingEntries() == 0);
    }

    @Test
    void answersInTheOrderAskedWithoutDuplicates() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Probe.asUser()
                .queryParam("userIds", b + ", " + a + "," + b)
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
        Probe.asUser()
                .queryParam("userIds", UUID.randomUUID() + ",nope")
                .get("/api/presence")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("userIds"));
        Probe.asUser().get("/api/presence").then().statusCode(400).body("errors[0].field", equalTo("userIds"));
        Probe.asUser()
                .queryParam("userIds", "1-2-3-4-5")
                .get("/api/presence")
                .then()
                .statusCode(400);

        String tooMany = IntStream.range(0, 201)
                .mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));
        Probe.asUser()
                .queryParam("userIds", tooMany)
                .get("/api/presence")
                .then()
                .statusCode(400);
        String justEnough = IntStream.range(0, 200)
                .mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));
        Probe.asUser()
                .queryParam("userIds", justEnough)
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
        // The transition meter counts what happened: one more "online" after a user's first socket opens.
        double before = onlineTransitions();
        UUID user = UUID.randomUUID();
        gateway.connected(user, Connections.newSocketId());
        Probe.awaitPresence(user, p -> p.getBoolean("[0].isOnline"));
        Probe.await(() -> onlineTransitions() >= before + 1);
    }

    /** chat_presence_transitions_total{state="online"} from the metrics endpoint (0 before the first transition). */
    private double onlineTransitions() {
        String text = given().get(metrics).then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line ->
                        line.startsWith("chat_presence_transitions_total{") && line.contains("state=\"online\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private long pendingEntries() {
        return gateway.partitionKeys().stream()
                .mapToLong(partition -> redis.execute("XPENDING", partition, "presence-service")
                        .get(0)
                        .toLong())
                .sum();
    }

    private String socketsKey(UUID user) {
        return registry.socketsKey(user);
    }
}
