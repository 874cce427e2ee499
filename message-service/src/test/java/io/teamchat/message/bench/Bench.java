package io.teamchat.message.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/** What the benchmark programs share: settings from the environment, a scratch database, percentiles. */
public final class Bench {

    private Bench() {}

    /** One timed run; returns how many rows it found (printed as an average). */
    public interface Query {
        int run() throws Exception;
    }

    /** Runs {@code query} 10 times to warm up, then {@code times} times, and prints p50, p95 and p99. */
    public static void measure(String name, int times, Query query) throws Exception {
        for (int i = 0; i < 10; i++) {
            query.run();
        }
        long[] nanos = new long[times];
        long hits = 0;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            hits += query.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%-48s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  (avg %.1f hits per page)%n",
                name, ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99), hits / (double) times);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    public static boolean exists(String server, String user, String database) throws Exception {
        try (Connection connection = DriverManager.getConnection(server + "postgres", user, "");
                PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    public static void execute(String url, String user, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
