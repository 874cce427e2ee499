package io.teamchat.message.search;

import static io.teamchat.message.bench.Bench.env;
import static io.teamchat.message.bench.Bench.execute;
import static io.teamchat.message.bench.Bench.exists;
import static io.teamchat.message.bench.Bench.measure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Search latency on a large table: creates database {@code chat_messages_bench} (or {@code BENCH_DB}), migrates it with
 * message-service's own migrations, fills it with {@code BENCH_MESSAGES} messages (default 1,000,000) in
 * {@code BENCH_ROOMS} rooms, then runs message-service's own search SQL ({@link MessageSearch}) and prints p50, p95
 * and p99 per kind of query. Run it as described in docs/benchmarks.md; it drops the database at the end unless
 * {@code BENCH_KEEP=1}.
 */
public final class SearchBenchmark {

    private static final String[] CJK = {"今日は良い天気ですね", "会議は明日の午後です", "新しい版を公開しました", "服务器已经重新启动了"};

    public static void main(String[] args) throws Exception {
        String server = env("BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/");
        String user = env("BENCH_PG_USER", "postgres");
        String database = env("BENCH_DB", "chat_messages_bench");
        int messages = Integer.parseInt(env("BENCH_MESSAGES", "1000000"));
        int rooms = Integer.parseInt(env("BENCH_ROOMS", "200"));
        int queries = Integer.parseInt(env("BENCH_QUERIES", "200"));
        boolean reuse = exists(server, user, database);
        if (!reuse) {
            execute(server + "postgres", user, "create database " + database);
        }
        String url = server + database;
        try {
            Flyway.configure()
                    .dataSource(url, user, "")
                    .schemas("message")
                    .placeholders(Map.of("search_config", "simple"))
                    .load()
                    .migrate();
            UUID[] roomIds = roomIds(rooms);
            try (Connection connection = DriverManager.getConnection(url, user, "")) {
                fill(connection, roomIds, messages);
                Random random = new Random(42);
                System.out.printf("%,d messages in %d rooms, %d queries per kind%n", count(connection), rooms, queries);
                measure(
                        "fulltext, one room, one word",
                        queries,
                        () -> fulltext(connection, one(roomIds, random), "w" + random.nextInt(2000)));
                measure(
                        "fulltext, one room, two words",
                        queries,
                        () -> fulltext(
                                connection,
                                one(roomIds, random),
                                "w" + random.nextInt(300) + " w" + random.nextInt(300)));
                measure(
                        "fulltext, 20 rooms, one word",
                        queries,
                        () -> fulltext(connection, some(roomIds, random, 20), "w" + random.nextInt(2000)));
                measure(
                        "substring (pg_trgm), one room, partial word",
                        queries,
                        () -> substring(connection, one(roomIds, random), "w" + (100 + random.nextInt(900))));
                measure(
                        "substring, one room, 2 CJK characters",
                        queries,
                        () -> substring(connection, one(roomIds, random), "天気"));
                measure(
                        "substring, 20 rooms, 4 CJK characters",
                        queries,
                        () -> substring(connection, some(roomIds, random, 20), "明日の午"));
            }
        } finally {
            if (!"1".equals(System.getenv("BENCH_KEEP"))) {
                execute(server + "postgres", user, "drop database if exists " + database);
            }
        }
    }

    private static int fulltext(Connection connection, UUID[] rooms, String q) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(MessageSearch.FULLTEXT_SQL.formatted(""))) {
            statement.setString(1, "simple");
            statement.setString(2, q);
            statement.setArray(3, connection.createArrayOf("uuid", rooms));
            statement.setInt(4, 21);
            return rows(statement);
        }
    }

    private static int substring(Connection connection, UUID[] rooms, String q) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(MessageSearch.SUBSTRING_SQL.formatted(""))) {
            statement.setArray(1, connection.createArrayOf("uuid", rooms));
            statement.setString(2, "%" + q + "%");
            statement.setInt(3, 21);
            return rows(statement);
        }
    }

    private static int rows(PreparedStatement statement) throws Exception {
        int count = 0;
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                count++;
            }
        }
        return count;
    }

    /** Words w0..w4999 with a skewed (Zipf-like) frequency, 8-19 per message; 5 % also carry a CJK sentence. */
    private static void fill(Connection connection, UUID[] rooms, int messages) throws Exception {
        long present = count(connection);
        if (present >= messages) {
            return;
        }
        long start = System.nanoTime();
        int batch = 50_000;
        for (long done = present; done < messages; done += batch) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into message.messages (id, room_id, user_id, content, type, created_at, updated_at)"
                            + " select gen_random_uuid(), (?::uuid[])[(1 + (g % ?))::int], gen_random_uuid(),"
                            + " array_to_string(array(select 'w' || (5000 * random() ^ 3)::int"
                            + "   from generate_series(1, 8 + (g % 12))), ' ')"
                            + "   || case when g % 20 = 0 then ' ' || (?::text[])[(1 + (g / 20) % 4)::int] else '' end,"
                            + " 'text', now(), now() from generate_series(?::bigint, ?::bigint) g")) {
                insert.setArray(1, connection.createArrayOf("uuid", rooms));
                insert.setInt(2, rooms.length);
                insert.setArray(3, connection.createArrayOf("text", CJK));
                insert.setLong(4, done);
                insert.setLong(5, Math.min(messages, done + batch) - 1);
                insert.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze message.messages");
        }
        System.out.printf("filled in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static long count(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from message.messages")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static UUID[] roomIds(int rooms) {
        UUID[] ids = new UUID[rooms];
        for (int i = 0; i < rooms; i++) {
            ids[i] = new UUID(0x5eed, i);
        }
        return ids;
    }

    private static UUID[] one(UUID[] rooms, Random random) {
        return new UUID[] {rooms[random.nextInt(rooms.length)]};
    }

    private static UUID[] some(UUID[] rooms, Random random, int n) {
        List<UUID> picked = new ArrayList<>(Arrays.asList(rooms));
        java.util.Collections.shuffle(picked, random);
        return picked.subList(0, Math.min(n, picked.size())).toArray(UUID[]::new);
    }
}
