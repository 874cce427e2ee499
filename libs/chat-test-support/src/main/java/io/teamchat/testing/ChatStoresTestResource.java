package io.teamchat.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Supplies real PostgreSQL and Redis to a {@code @QuarkusTest}: a fresh database on the PostgreSQL server named by
 * {@code TEST_PG_URL} (default the local one), dropped afterwards; a random key prefix on the Redis server named
 * by {@code TEST_REDIS_URL}; and the public key that {@link TestTokens} signs with. Nothing is shared between
 * runs, so parallel and repeated runs never collide. On a machine with a container engine and no local servers,
 * point TEST_PG_URL and TEST_REDIS_URL at containers started beforehand (docs/testing.md).
 */
public class ChatStoresTestResource implements QuarkusTestResourceLifecycleManager {

    private final String adminUrl = env("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private final String user = env("TEST_PG_USER", "postgres");
    private final String password = env("TEST_PG_PASSWORD", "");
    private final String redisUrl = env("TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private String database;

    @Override
    public Map<String, String> start() {
        requireReachable(redisUrl, "Redis");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        database = "chat_test_" + suffix;
        execute("CREATE DATABASE " + database);

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database);
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        config.put("quarkus.redis.hosts", redisUrl);
        config.put("chat.streams.prefix", "test-" + suffix + ":");
        config.put("mp.jwt.verify.publickey.location", TestTokens.publicKeyPem().toUri().toString());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.put("chat.jwt.issuer", TestTokens.ISSUER);
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + " is needed by the tests (set TEST_PG_URL,"
                    + " TEST_PG_USER, TEST_PG_PASSWORD): " + e.getMessage(), e);
        }
    }

    private static void requireReachable(String url, String what) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
        } catch (Exception e) {
            throw new IllegalStateException(what + " at " + url + " is needed by the tests (set TEST_REDIS_URL): "
                    + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
