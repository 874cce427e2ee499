package io.teamchat.message.readstate;

import static io.teamchat.message.bench.Bench.env;
import static io.teamchat.message.bench.Bench.execute;
import static io.teamchat.message.bench.Bench.exists;
import static io.teamchat.message.bench.Bench.measure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * The read state of {@code GET /api/rooms} on a large table: creates database {@code chat_readstate_bench} (or
 * {@code BENCH_DB}), migrates it with message-service's own migrations, fills {@code BENCH_MESSAGES} messages (default
 * 1,000,000) over {@code BENCH_ROOMS} rooms (default 200) with their seqs and counters, 1 % of them mentioning the
 * reader and 0.5 % deleted, gives the reader a marker at a random place in most rooms, then runs message-service's
 * own count SQL ({@link ReadCounts#COUNTS}) for all the rooms, in chunks of 100 as room-service asks, and prints
 * p50/p95/p99 of the whole list. The search indexes are dropped in this database (they only slow the fill). Run it as
 * described in docs/benchmarks.md; it drops the database at the end unless {@code BENCH_KEEP=1}.
 */
public final class ReadStateBenchmark {

    private static final UUID READER = new UUID(0xbe9c, 1);

    public static void main(String[] args) throws Exception {
        String server = env("BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/");
        String user = env("BENCH_PG_USER", "postgres");
        String database = env("BENCH_DB", "chat_readstate_bench");
        int messages = Integer.parseInt(env("BENCH_MESSAGES", "1000000"));
        int rooms = Integer.parseInt(env("BENCH_ROOMS", "200"));
        int queries = Integer.parseInt(env("BENCH_QUERIES", "200"));
        if (!exists(server, user, database)) {
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
            UUID[] roomIds = new UUID[rooms];
            for (int i = 0; i < rooms; i++) {
                roomIds[i] = new UUID(0x5eed, i);
            }
            try (Connection connection = DriverManager.getConnection(url, user, "")) {
                fill(connection, roomIds, messages);
                Instant[] joinedAt = new Instant[rooms];
                // Half the rooms tell when the reader joined (early on: the probe runs but counts nothing as read).
                for (int i = 0; i < rooms; i += 2) {
                    joinedAt[i] = Instant.parse("2026-01-01T00:00:00Z");
                }
                System.out.printf(
                        "%,d messages in %d rooms; the reader is in all of them; %d lists%n",
                        count(connection, "message.messages"), rooms, queries);
                measure("GET /api/rooms read state, " + rooms + " rooms", queries, () -> {
                    int found = 0;
                    for (int from = 0; from < rooms; from += 100) {
                        int to = Math.min(rooms, from + 100);
                        found += counts(
                                connection,
                                Arrays.copyOfRange(roomIds, from, to),
                                Arrays.copyOfRange(joinedAt, from, to));
                    }
                    return found;
                });
            }
        } finally {
            if (!"1".equals(System.getenv("BENCH_KEEP"))) {
                execute(server + "postgres", user, "drop database if exists " + database);
            }
        }
    }

    private static int counts(Connection connection, UUID[] rooms, Instant[] joinedAt) throws Exception {
        UUID[] bounds = Arrays.stream(joinedAt)
                .map(at -> at == null ? null : ReadCounts.firstIdAt(at))
                .toArray(UUID[]::new);
        try (PreparedStatement select = connection.prepareStatement(ReadCounts.COUNTS)) {
            select.setObject(1, READER);
            select.setArray(2, connection.createArrayOf("uuid", rooms));
            select.setArray(3, connection.createArrayOf("uuid", bounds));
            select.setObject(4, READER);
            int found = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found++;
                }
            }
            return found;
        }
    }

    /**
     * Message g is in room g % rooms at seq g / rooms + 1, with a UUIDv7-shaped id of millisecond base + g (so id
     * order is seq order, as the partition reader makes it).
     */
    private static void fill(Connection connection, UUID[] rooms, int messages) throws Exception {
        long present = count(connection, "message.messages");
        if (present >= messages) {
            return;
        }
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop index if exists message.messages_search_vector_idx");
            statement.execute("drop index if exists message.messages_content_trgm_idx");
        }
        String id = "(lpad(to_hex(1767225600000 + g), 12, '0') || '7000' || '8000' || lpad(to_hex(g), 12, '0'))::uuid";
        int batch = 100_000;
        for (long done = present; done < messages; done += batch) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into message.messages (id, room_id, user_id, content, type, created_at, updated_at, seq)"
                            + " select " + id + ", (?::uuid[])[(1 + (g % ?))::int], gen_random_uuid(),"
                            + " 'message ' || g, 'text', now(), now(), g / ? + 1"
                            + " from generate_series(?::bigint, ?::bigint) g")) {
                insert.setArray(1, connection.createArrayOf("uuid", rooms));
                insert.setInt(2, rooms.length);
                insert.setInt(3, rooms.length);
                insert.setLong(4, done);
                insert.setLong(5, Math.min(messages, done + batch) - 1);
                insert.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into message.room_sequences (room_id, last_seq)"
                    + " select room_id, max(seq) from message.messages group by room_id"
                    + " on conflict (room_id) do update set last_seq = excluded.last_seq");
            statement.execute("insert into message.mentions (message_id, user_id, room_id, seq)"
                    + " select id, '" + READER + "', room_id, seq from message.messages where seq % 100 = 7"
                    + " on conflict do nothing");
            // Deleting through the trigger, as the service does: 0.5 % of the messages.
            statement.execute("delete from message.messages where seq % 200 = 3");
            // The reader has read up to some place in 9 of 10 rooms (one fixed per room).
            statement.execute("insert into message.read_markers (user_id, room_id, last_read_id, last_read_seq)"
                    + " select '" + READER + "', m.room_id, m.id, m.seq"
                    + " from message.messages m join message.room_sequences s on s.room_id = m.room_id"
                    + " where m.seq = 1 + abs(hashtext(m.room_id::text)) % s.last_seq"
                    + "   and abs(hashtext(m.room_id::text)) % 10 <> 0"
                    + " on conflict do nothing");
            statement.execute("vacuum analyze");
        }
        System.out.printf(
                "filled in %.0f s: %,d mentions of the reader, %,d deleted, %,d markers%n",
                (System.nanoTime() - start) / 1e9,
                count(connection, "message.mentions"),
                count(connection, "message.deleted_seqs"),
                count(connection, "message.read_markers"));
    }

    private static long count(Connection connection, String table) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
