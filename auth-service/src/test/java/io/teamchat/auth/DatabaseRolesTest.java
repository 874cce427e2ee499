package io.teamchat.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-service PostgreSQL roles from the one bootstrap (k8s/base/db/roles.sql, run with psql as ./chat up, compose
 * and the Kubernetes Job do): auth-service's migrations run as its own role, and no service's role can read or write
 * another's schema. A fresh database and role names of its own, both removed afterwards (roles are cluster-wide).
 */
class DatabaseRolesTest {

    private static final Path BOOTSTRAP = Path.of("..", "k8s", "base", "db", "roles.sql");
    private final String adminUrl = env("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private final String admin = env("TEST_PG_USER", "postgres");
    private final String adminPassword = env("TEST_PG_PASSWORD", "");
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String database = "chat_roles_" + suffix;
    private final String prefix = "t" + suffix + "_";

    @Test
    void eachServiceOwnsOnlyItsSchema() throws Exception {
        sql(adminUrl, admin, adminPassword, "CREATE DATABASE " + database);
        // a schema the superuser migrated before roles existed passes to its service
        sql(url(), admin, adminPassword, "CREATE SCHEMA room; CREATE TABLE room.rooms (id uuid PRIMARY KEY)");
        bootstrap();
        bootstrap(); // idempotent

        Flyway.configure()
                .dataSource(url(), prefix + "auth", "")
                .schemas("auth")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        sql(
                url(),
                prefix + "auth",
                "",
                "INSERT INTO auth.audit_log (id, at, action) VALUES (gen_random_uuid(), now(), 'x')");
        assertEquals(
                prefix + "room",
                single(
                        url(),
                        admin,
                        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'room.rooms'::regclass"));
        assertEquals(
                prefix + "room",
                single(url(), admin, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'room'"));
        sql(url(), prefix + "room", "", "CREATE TABLE room.later (id int)"); // its next migration

        for (String other : List.of("room", "message", "presence")) {
            SQLException refused = assertThrows(
                    SQLException.class, () -> sql(url(), prefix + other, "", "SELECT count(*) FROM auth.users"));
            assertEquals("42501", refused.getSQLState(), other + ": " + refused.getMessage()); // insufficient_privilege
            assertThrows(SQLException.class, () -> sql(url(), prefix + other, "", "CREATE TABLE auth.x (id int)"));
        }
        assertThrows(SQLException.class, () -> sql(url(), prefix + "auth", "", "SELECT count(*) FROM room.rooms"));
        assertThrows(SQLException.class, () -> sql(url(), prefix + "auth", "", "CREATE TABLE public.x (id int)"));
        assertThrows(SQLException.class, () -> sql(url(), prefix + "auth", "", "CREATE ROLE " + prefix + "evil"));
    }

    @AfterEach
    void dropDatabaseAndRoles() throws SQLException {
        sql(adminUrl, admin, adminPassword, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        for (String svc : List.of("auth", "room", "message", "presence")) {
            sql(adminUrl, admin, adminPassword, "DROP ROLE IF EXISTS " + prefix + svc);
        }
    }

    private void bootstrap() throws Exception {
        assertTrue(Files.isRegularFile(BOOTSTRAP), BOOTSTRAP.toAbsolutePath() + " is the one bootstrap");
        String base = adminUrl.substring("jdbc:postgresql://".length(), adminUrl.lastIndexOf('/'));
        String host = base.contains(":") ? base.substring(0, base.lastIndexOf(':')) : base;
        String port = base.contains(":") ? base.substring(base.lastIndexOf(':') + 1) : "5432";
        List<String> command = new ArrayList<>(List.of(
                "psql",
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                host,
                "-p",
                port,
                "-U",
                admin,
                "-d",
                database,
                "-v",
                "role_prefix=" + prefix,
                "-f",
                BOOTSTRAP.toString()));
        ProcessBuilder psql = new ProcessBuilder(command).redirectErrorStream(true);
        psql.environment().putAll(Map.of("PGPASSWORD", adminPassword));
        Process process = psql.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "psql finished");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), output);
    }

    private String url() {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }

    private static void sql(String url, String user, String password, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement st = connection.createStatement()) {
            st.execute(statement);
        }
    }

    private String single(String url, String user, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, adminPassword);
                Statement st = connection.createStatement();
                ResultSet rows = st.executeQuery(statement)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
