package io.teamchat.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.Driver;

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
    /** One URL, or a comma-separated list of cluster nodes with {@code TEST_REDIS_CLIENT_TYPE=cluster}. */
    private final String redisHosts = env("TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private final String redisUrl = redisHosts.split(",")[0].strip();
    /** {@code standalone} (default) or {@code cluster}: scripts/redis-cluster.sh runs tests against a cluster. */
    private final String redisClientType = env("TEST_REDIS_CLIENT_TYPE", "standalone");

    private String database;
    private String redisPrefix;

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
        config.put("quarkus.redis.hosts", redisHosts);
        config.put("quarkus.redis.client-type", redisClientType);
        redisPrefix = "test-" + suffix + ":";
        config.put("chat.streams.prefix", redisPrefix);
        config.put(
                "mp.jwt.verify.publickey.location",
                TestTokens.publicKeyPem().toUri().toString());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.put("chat.jwt.issuer", TestTokens.ISSUER);
        config.put("chat.jwt.audience", TestTokens.AUDIENCE);
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (redisPrefix != null) {
            deleteRedisKeys(redisPrefix + "*");
        }
    }

    private void execute(String sql) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        // The driver directly, not DriverManager: a second Quarkus start in the same JVM (a @TestProfile) runs in
        // another class loader, where DriverManager would not see the driver registered by the first.
        try (Connection connection = new Driver().connect(adminUrl, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + adminUrl + " is needed by the tests (set TEST_PG_URL,"
                            + " TEST_PG_USER, TEST_PG_PASSWORD): " + e.getMessage(),
                    e);
        }
    }

    /**
     * Removes this run's streams and keys, with one Lua call per node spoken in plain RESP (no client library
     * needed). On a cluster every listed node deletes its own keys: KEYS only sees the node's keys, and the flag
     * {@code allow-cross-slot-keys} (Redis 7) lets one script delete keys of several of the node's slots.
     */
    private void deleteRedisKeys(String pattern) {
        String script = "#!lua flags=allow-cross-slot-keys\n"
                + "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0";
        List<String> command = List.of("EVAL", script, "0", pattern);
        StringBuilder resp = new StringBuilder("*" + command.size() + "\r\n");
        for (String part : command) {
            resp.append('$')
                    .append(part.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        for (String node : redisHosts.split(",")) {
            URI uri = URI.create(node.strip());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                in.read(); // wait for the reply so the keys are gone before the next run starts
            } catch (IOException e) {
                // Leftover keys under a random prefix harm nothing; cleaning up is a courtesy.
            }
        }
    }

    private static void requireReachable(String url, String what) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
        } catch (Exception e) {
            throw new IllegalStateException(
                    what + " at " + url + " is needed by the tests (set TEST_REDIS_URL): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
