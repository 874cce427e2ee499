package io.teamchat.presence;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.teamchat.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** What the presence tests observe: {@code GET /api/presence} and the presence.changed entries on the events stream. */
final class Probe {

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String prefix;

    Probe(RedisDataSource redis, ObjectMapper mapper, String prefix) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = prefix;
    }

    static RequestSpecification asUser() {
        return given().auth().oauth2(TestTokens.issueForNewUser("viewer"));
    }

    static Response presenceOf(UUID user) {
        return asUser().queryParam("userIds", user.toString()).get("/api/presence");
    }

    static JsonPath awaitPresence(UUID user, Predicate<JsonPath> condition) {
        return awaitPresence(user, condition, Duration.ofSeconds(15));
    }

    static JsonPath awaitPresence(UUID user, Predicate<JsonPath> condition, Duration within) {
        JsonPath[] last = new JsonPath[1];
        await(
                () -> {
                    last[0] = presenceOf(user).then().statusCode(200).extract().jsonPath();
                    return condition.test(last[0]);
                },
                within);
        return last[0];
    }

    /** The first presence.changed of the user whose data matches. */
    JsonNode awaitPresenceChanged(UUID user, Predicate<JsonNode> data) {
        JsonNode[] found = new JsonNode[1];
        await(() -> {
            found[0] = presenceChanges(user).stream()
                    .filter(e -> data.test(e.path("data")))
                    .findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    JsonNode awaitPresenceChanged(UUID user, boolean isOnline) {
        return awaitPresenceChanged(user, d -> d.path("isOnline").asBoolean() == isOnline);
    }

    /** Every presence.changed of the user, oldest first. */
    List<JsonNode> presenceChanges(UUID user) {
        return presenceChanges().stream()
                .filter(e -> user.toString().equals(e.at("/data/userId").asText()))
                .toList();
    }

    /** Every presence.changed, oldest first. */
    List<JsonNode> presenceChanges() {
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

    static void await(BooleanSupplier condition) {
        await(condition, Duration.ofSeconds(15));
    }

    static void await(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + within.toSeconds() + " s");
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
