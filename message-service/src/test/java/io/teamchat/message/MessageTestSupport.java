package io.teamchat.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.teamchat.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** Test users and a look into the real Redis streams the service writes. */
final class MessageTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageTestSupport() {}

    /** A user with a valid token. */
    record TestUser(UUID id, String username, String token, boolean admin) {
        static TestUser create() {
            UUID id = UUID.randomUUID();
            String username = "user_" + id.toString().substring(0, 8);
            return new TestUser(id, username, TestTokens.issue(id, username), false);
        }

        /** An administrator (the token's admin group), a member of no room. */
        static TestUser administrator() {
            UUID id = UUID.randomUUID();
            String username = "admin_" + id.toString().substring(0, 8);
            return new TestUser(id, username, TestTokens.issue(id, username, Set.of("user", "admin")), true);
        }

        String bearer() {
            return "Bearer " + token;
        }
    }

    /** Sends over REST and returns the new message's id. */
    static String send(TestUser user, java.util.UUID room, String content) {
        return io.restassured.RestAssured.given()
                .header("Authorization", user.bearer())
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** The newest page of the room's history as {@code user} sees it. */
    static io.restassured.path.json.JsonPath history(TestUser user, java.util.UUID room) {
        return io.restassured.RestAssured.given()
                .header("Authorization", user.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static void append(RedisDataSource redis, String stream, String envelopeJson) {
        redis.stream(String.class).xadd(stream, Map.of("payload", envelopeJson));
    }

    private static final String APPEND_ALL =
            "for i = 1, #ARGV do redis.call('XADD', KEYS[1], '*', 'payload', ARGV[i]) end return #ARGV";

    /**
     * Appends the entries to one stream at once, so a reader blocked on it wakes up to all of them: one Lua script
     * on one key is atomic on one Redis and on Redis Cluster alike (cluster clients refuse MULTI).
     */
    static void appendTogether(RedisDataSource redis, String stream, List<String> envelopesJson) {
        List<String> args = new ArrayList<>(List.of(APPEND_ALL, "1", stream));
        args.addAll(envelopesJson);
        redis.execute("EVAL", args.toArray(String[]::new));
    }

    /** Waits up to 10 s for an envelope on {@code stream} that matches, and returns it. */
    static JsonNode awaitEnvelope(RedisDataSource redis, String stream, Predicate<JsonNode> matches) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = redis.stream(String.class).xrange(stream, StreamRange.of("-", "+")).stream()
                    .map(entry -> parse(entry.payload().get("payload")))
                    .filter(matches)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            sleep();
        }
        throw new AssertionError("no matching entry on " + stream + " within 10 s");
    }

    static long countEnvelopes(RedisDataSource redis, String stream, Predicate<JsonNode> matches) {
        return redis.stream(String.class).xrange(stream, StreamRange.of("-", "+")).stream()
                .map(entry -> parse(entry.payload().get("payload")))
                .filter(matches)
                .count();
    }

    static String sendCommand(UUID commandId, TestUser user, UUID roomId, String content, String clientMsgId) {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("commandId", commandId.toString());
        data.put("userId", user.id().toString());
        data.put("username", user.username());
        data.put("roomId", roomId.toString());
        data.put("content", content);
        data.put("type", "text");
        data.put("clientMsgId", clientMsgId);
        data.put("senderIsAdmin", user.admin());
        Map<String, Object> envelope = Map.of(
                "id",
                UUID.randomUUID().toString(),
                "type",
                "message.send",
                "occurredAt",
                "2026-01-01T00:00:00Z",
                "data",
                data);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data of an envelope written by {@link #sendCommand}, to change before appending it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> data(String envelopeJson) {
        try {
            return (Map<String, Object>) JSON.readValue(envelopeJson, Map.class).get("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An envelope of {@code type} with {@code data}, as a writer appends it to a commands partition. */
    static String command(String type, Map<String, Object> data) {
        Map<String, Object> envelope = Map.of(
                "id", UUID.randomUUID().toString(), "type", type, "occurredAt", "2026-01-01T00:00:00Z", "data", data);
        try {
            return JSON.writeValueAsString(envelope);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data every command on one stored message carries (edit, delete, reactions, pins). */
    static Map<String, Object> onMessage(UUID commandId, TestUser user, UUID roomId, String messageId) {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("commandId", commandId.toString());
        data.put("userId", user.id().toString());
        data.put("messageId", messageId);
        data.put("roomId", roomId.toString());
        data.put("senderIsAdmin", user.admin());
        return data;
    }

    /** Every envelope on {@code stream}, oldest first. */
    static java.util.List<JsonNode> envelopes(RedisDataSource redis, String stream) {
        return redis.stream(String.class).xrange(stream, StreamRange.of("-", "+")).stream()
                .map(entry -> parse(entry.payload().get("payload")))
                .toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
