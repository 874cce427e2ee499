package io.teamchat.gateway.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.teamchat.membership.MembershipCache;
import io.teamchat.testing.TestRooms;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;

/** What the socket tests share: the gateway's URL, the streams, the stub room-service, socket cleanup. */
public abstract class GatewayTestBase {

    @TestHTTPResource("/")
    protected URL base;

    @Inject
    protected RedisDataSource redis;

    @Inject
    Redis redisClient;

    @Inject
    ObjectMapper mapper;

    @Inject
    MembershipCache membership;

    @ConfigProperty(name = "chat.streams.prefix")
    protected String prefix;

    @ConfigProperty(name = "chat.services.room-url")
    String roomServiceUrl;

    private final List<AutoCloseable> opened = new ArrayList<>();

    protected Streams streams() {
        return new Streams(redis, redisClient, mapper, prefix);
    }

    protected ObjectMapper mapper() {
        return mapper;
    }

    protected TestRooms rooms() {
        return new TestRooms(membership);
    }

    /** A new private room in the real membership cache (what the gateway decides from): owner and plain members. */
    protected UUID roomWith(TestUser owner, TestUser... members) {
        return rooms().privateRoom(
                        owner.id(), Arrays.stream(members).map(TestUser::id).toArray(UUID[]::new));
    }

    /** room-service no longer counts {@code user} as a member of the room (the cache says so; no event is sent). */
    protected void removeMember(UUID roomId, TestUser user) {
        rooms().remove(roomId, user.id());
    }

    /** Makes message-service's history for the room answer 404 ({@code gone}) or reset the connection ({@code broken}). */
    protected void messageServiceSays(UUID roomId, String behaviour) {
        given().contentType("application/json")
                .body(Map.of("roomId", roomId.toString(), "behaviour", behaviour))
                .post(roomServiceUrl + "/_stub/message-rooms")
                .then()
                .statusCode(204);
    }

    /** How many times the gateway asked room-service (the stub) for the room's details. */
    protected int roomFetches(UUID roomId) {
        return Integer.parseInt(given().queryParam("id", roomId.toString())
                .get(roomServiceUrl + "/_stub/room-fetches")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /** auth-service (the stub) knows this user by username from now on, as {@code @mentions} look users up. */
    protected void authServiceKnows(TestUser user) {
        given().contentType("application/json")
                .body(Map.of("id", user.id().toString(), "username", user.username()))
                .post(roomServiceUrl + "/_stub/users")
                .then()
                .statusCode(204);
    }

    protected TestSocket connect(TestUser user) {
        return track(TestSocket.connected(base, user));
    }

    protected <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** Closes everything the test opened, then fails with the first failure a close reported. */
    @AfterEach
    void closeSockets() throws Exception {
        Exception firstFailure = null;
        AssertionError firstViolation = null;
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (AssertionError e) {
                firstViolation = firstViolation == null ? e : firstViolation;
            } catch (Exception e) {
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        opened.clear();
        if (firstViolation != null) {
            throw firstViolation;
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }
}
