package io.teamchat.gateway.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
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
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @ConfigProperty(name = "chat.services.room-url")
    String roomServiceUrl;

    private final List<AutoCloseable> opened = new ArrayList<>();

    protected Streams streams() {
        return new Streams(redis, mapper, prefix);
    }

    protected ObjectMapper mapper() {
        return mapper;
    }

    /** A new room id that {@code members} are members of, as far as the stub room-service is concerned. */
    protected UUID roomWith(TestUser... members) {
        UUID roomId = UUID.randomUUID();
        for (TestUser member : members) {
            given().contentType("application/json")
                    .body(Map.of(
                            "roomId", roomId.toString(), "userId", member.id().toString()))
                    .post(roomServiceUrl + "/_stub/members")
                    .then()
                    .statusCode(204);
        }
        return roomId;
    }

    /** room-service no longer counts {@code user} as a member of the room. */
    protected void removeMember(UUID roomId, TestUser user) {
        given().contentType("application/json")
                .body(Map.of("roomId", roomId.toString(), "userId", user.id().toString(), "remove", true))
                .post(roomServiceUrl + "/_stub/members")
                .then()
                .statusCode(204);
    }

    /** Makes message-service's history for the room answer 404 ({@code gone}) or reset the connection ({@code broken}). */
    protected void messageServiceSays(UUID roomId, String behaviour) {
        given().contentType("application/json")
                .body(Map.of("roomId", roomId.toString(), "behaviour", behaviour))
                .post(roomServiceUrl + "/_stub/message-rooms")
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

    @AfterEach
    void closeSockets() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
    }
}
