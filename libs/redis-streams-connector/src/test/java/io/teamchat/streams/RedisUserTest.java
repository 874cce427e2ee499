package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus application given {@code chat.redis.user}/{@code chat.redis.password} (REDIS_USER/REDIS_PASSWORD) talks to
 * Redis as that user, through {@link RedisUser}: the path every service takes. The user is made for this run on the
 * shared test Redis (with a password holding characters the endpoint must encode) and removed afterwards.
 */
@QuarkusTest
@TestProfile(RedisUserTest.AsItsOwnUser.class)
class RedisUserTest {

    @Inject
    RedisDataSource redis;

    @Test
    void connectsAsTheConfiguredUser() {
        assertEquals(ProbeUser.NAME, redis.execute("ACL", "WHOAMI").toString(), "the connection's user");
    }

    public static class AsItsOwnUser implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProbeUser.class));
        }
    }

    /** Makes the user before Quarkus starts and hands its name and password to the application. */
    public static class ProbeUser implements QuarkusTestResourceLifecycleManager {
        static final String NAME =
                "redisuser-test-" + UUID.randomUUID().toString().substring(0, 8);
        private static final String PASSWORD = "p+w/d=" + UUID.randomUUID();
        private static final String URL = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");

        @Override
        public Map<String, String> start() {
            // the connector's other test channels run too: this user may do what the default user does
            admin("ACL", "SETUSER", NAME, "reset", "on", ">" + PASSWORD, "~*", "&*", "+@all");
            return Map.of("chat.redis.user", NAME, "chat.redis.password", PASSWORD);
        }

        @Override
        public void stop() {
            admin("ACL", "DELUSER", NAME);
        }

        private static void admin(String... command) {
            Vertx vertx = Vertx.vertx();
            try {
                Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(URL));
                Request request = Request.cmd(Command.create(command[0]));
                for (int i = 1; i < command.length; i++) {
                    request.arg(command[i]);
                }
                client.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Redis at " + URL + ": " + e.getMessage(), e);
            } finally {
                vertx.close();
            }
        }
    }
}
