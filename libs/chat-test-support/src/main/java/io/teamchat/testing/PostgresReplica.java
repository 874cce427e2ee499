package io.teamchat.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.Driver;

/**
 * A private PostgreSQL primary and a hot-standby streaming replica of it, made with the installed server binaries:
 * {@code initdb} into a temporary directory, started on a free port, then {@code pg_basebackup -R} into a second
 * directory started on another port. The shared server on 5432 is never touched. Tests pause replay, stop and
 * start the replica through this handle ({@link PostgresReplicaTestResource} injects it).
 *
 * <p>PostgreSQL refuses to run as root, so as root every server command runs as the {@code postgres} user
 * ({@code runuser}), who then owns the temporary directory.
 */
public final class PostgresReplica {

    /** Where the server binaries are looked for: {@code TEST_PG_BIN}, else the newest /usr/lib/postgresql/N/bin. */
    public static Optional<Path> serverBinaries() {
        String configured = System.getenv("TEST_PG_BIN");
        Stream<Path> candidates;
        if (configured != null && !configured.isBlank()) {
            candidates = Stream.of(Paths.get(configured));
        } else {
            Path installed = Paths.get("/usr/lib/postgresql");
            if (!Files.isDirectory(installed)) {
                return Optional.empty();
            }
            try (Stream<Path> versions = Files.list(installed)) {
                candidates = versions
                        .map(version -> version.resolve("bin"))
                        .sorted(Comparator.comparing(PostgresReplica::majorVersion)
                                .reversed())
                        .toList()
                        .stream();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return candidates
                .filter(bin -> Stream.of("initdb", "pg_ctl", "pg_basebackup", "postgres")
                        .allMatch(tool -> Files.isExecutable(bin.resolve(tool))))
                .findFirst();
    }

    private static final String DATABASE = "chat";
    private static final String USER = "postgres";

    private final Path bin;
    private final Path base;
    private final boolean asPostgresUser;
    private final int primaryPort;
    private final int replicaPort;
    private boolean replicaRunning;

    private PostgresReplica(Path bin, Path base, boolean asPostgresUser, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.base = base;
        this.asPostgresUser = asPostgresUser;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** Creates and starts both servers and the database {@value #DATABASE}; a few seconds. */
    static PostgresReplica start(Path bin) {
        boolean root = "root".equals(System.getProperty("user.name"));
        PostgresReplica servers;
        try {
            Path base = Files.createTempDirectory("teamchat-pg-replica-");
            if (root) {
                UserPrincipal postgres =
                        base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
                Files.setOwner(base, postgres);
            }
            servers = new PostgresReplica(bin, base, root, freePort(), freePort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a directory for the private PostgreSQL servers", e);
        }
        try {
            servers.run(
                    "initdb",
                    "-D",
                    servers.primaryDir().toString(),
                    "-U",
                    USER,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync");
            servers.startServer(servers.primaryDir(), servers.primaryPort, "primary.log");
            servers.executeOnPrimary("CREATE DATABASE " + DATABASE);
            servers.run(
                    "pg_basebackup",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(servers.primaryPort),
                    "-U",
                    USER,
                    "-D",
                    servers.replicaDir().toString(),
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast");
            servers.startReplica();
            return servers;
        } catch (RuntimeException e) {
            servers.destroy();
            throw e;
        }
    }

    public String primaryUrl() {
        return url(primaryPort);
    }

    public String replicaUrl() {
        return url(replicaPort);
    }

    public String user() {
        return USER;
    }

    /** Stops applying WAL on the replica: what is committed from now on is missing there until {@link #resumeReplay}. */
    public void pauseReplay() {
        queryReplica("select pg_wal_replay_pause()");
        // pg_wal_replay_pause() only requests the pause; wait until replay has actually stopped.
        await(() -> "paused".equals(queryReplica("select pg_get_wal_replay_pause_state()")), "replay paused");
    }

    public void resumeReplay() {
        queryReplica("select pg_wal_replay_resume()");
    }

    /** Waits until the replica has applied everything the primary has written so far. */
    public void awaitCaughtUp() {
        // Only flushed WAL is streamed, and an idle primary may keep its last records unflushed: a committed
        // transaction with an id flushes everything before it.
        queryPrimary("select pg_current_xact_id()");
        String target = queryPrimary("select pg_current_wal_flush_lsn()::text");
        await(
                () -> "true"
                        .equals(queryReplica("select (pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn)::text")),
                "replica replayed up to " + target);
    }

    public void stopReplica() {
        if (replicaRunning) {
            run("pg_ctl", "-D", replicaDir().toString(), "-m", "fast", "-w", "stop");
            replicaRunning = false;
        }
    }

    public void startReplica() {
        if (!replicaRunning) {
            startServer(replicaDir(), replicaPort, "replica.log");
            replicaRunning = true;
        }
    }

    /** Stops both servers and removes their directories. */
    void destroy() {
        for (Path dir : List.of(replicaDir(), primaryDir())) {
            if (Files.exists(dir.resolve("postmaster.pid"))) {
                try {
                    run("pg_ctl", "-D", dir.toString(), "-m", "immediate", "-w", "stop");
                } catch (RuntimeException e) {
                    // already stopped; the directory goes anyway
                }
            }
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temporary directory harms nothing
        }
    }

    private void startServer(Path dir, int port, String log) {
        String options = "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + base
                + " -c wal_level=replica -c max_wal_senders=4 -c hot_standby=on -c fsync=off";
        run(
                "pg_ctl",
                "-D",
                dir.toString(),
                "-l",
                base.resolve(log).toString(),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start");
    }

    private Path primaryDir() {
        return base.resolve("primary");
    }

    private Path replicaDir() {
        return base.resolve("replica");
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private void executeOnPrimary(String sql) {
        try (Connection connection = connect("jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("private primary: " + sql + ": " + e.getMessage(), e);
        }
    }

    private String queryPrimary(String sql) {
        return query(primaryUrl(), sql);
    }

    private String queryReplica(String sql) {
        return query(replicaUrl(), sql);
    }

    private static String query(String url, String sql) {
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(url + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        // The driver directly: DriverManager may not see it from a Quarkus test's class loader.
        return new Driver().connect(url, credentials);
    }

    private void run(String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(base.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8) + logs());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        for (String log : List.of("primary.log", "replica.log")) {
            Path file = base.resolve(log);
            if (Files.exists(file)) {
                try {
                    text.append("\n--- ").append(log).append(" ---\n").append(Files.readString(file));
                } catch (IOException e) {
                    // nothing more to show
                }
            }
        }
        return text.toString();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 20 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
