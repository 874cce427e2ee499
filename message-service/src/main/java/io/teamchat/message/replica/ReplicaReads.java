package io.teamchat.message.replica;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

/**
 * Where history, search and sync reads run: on the read replica when one is configured and may answer, else on the
 * primary. The rule (docs/operations.md, "Read replicas"), checked on the replica in one query before the read:
 *
 * <ol>
 *   <li>no replica configured, or it failed less than {@code chat.replica.retry-after} ago: primary;
 *   <li>the reader's last writing transaction ({@link OwnWrites}) is not yet visible on the replica: primary
 *       (read-your-writes: a sender always sees their own messages);
 *   <li>the read's cursor ({@code after}/{@code before}) names a message the replica does not have yet: primary;
 *   <li>the replica's replay lag exceeds {@code chat.replica.max-lag}: primary;
 *   <li>otherwise the replica. Any error on the replica sends this read to the primary and marks it down.
 * </ol>
 */
// At start-up, so that its meter exists before the first read.
@Startup
@ApplicationScoped
public class ReplicaReads {

    private static final Logger LOG = Logger.getLogger(ReplicaReads.class);

    /**
     * Replay lag: 0 while everything received is applied, else the age of the last applied transaction; whether the
     * reader's last writing transaction is visible; whether the cursor's message is there.
     */
    static final String CHECK_SQL = "select"
            + " case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0"
            + " else coalesce(extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()), 0) end,"
            + " cast(? as text) is null"
            + " or pg_visible_in_snapshot(cast(cast(? as text) as xid8), pg_current_snapshot()),"
            + " cast(? as uuid) is null or exists (select 1 from message.messages where id = cast(? as uuid))";

    /** What decided where a read ran: the {@code outcome} tag of {@code chat_replica_reads_total}. */
    enum Outcome {
        REPLICA,
        PRIMARY_OWN_WRITE,
        PRIMARY_CURSOR,
        PRIMARY_LAG,
        PRIMARY_DOWN;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A read on one connection; run again on the primary if the replica fails during it. */
    @FunctionalInterface
    public interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private final AgroalDataSource primary;
    private final AgroalDataSource replica;
    private final OwnWrites ownWrites;
    private final SessionFactory sessions;
    private final ReplicaConfig config;
    private final Map<Outcome, Counter> reads = new EnumMap<>(Outcome.class);
    private volatile long downUntil;
    private volatile boolean down;

    public ReplicaReads(
            AgroalDataSource primary,
            @DataSource("replica") InjectableInstance<AgroalDataSource> replica,
            OwnWrites ownWrites,
            SessionFactory sessions,
            ReplicaConfig config,
            MeterRegistry registry) {
        this.primary = primary;
        this.replica = replica.listActive().isEmpty() ? null : replica.getActive();
        this.ownWrites = ownWrites;
        this.sessions = sessions;
        this.config = config;
        // Every outcome exists from start-up, so dashboards show 0 rather than no data.
        for (Outcome outcome : Outcome.values()) {
            reads.put(
                    outcome,
                    Counter.builder("chat.replica.reads")
                            .description("history, search and sync reads with a read replica configured, by where"
                                    + " they ran and why")
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
    }

    /**
     * Runs {@code read} where the rule says.
     *
     * @param reader the user reading (from the verified token)
     * @param cursor the message id the read starts from ({@code after}/{@code before}), or null
     */
    public <T> T read(UUID reader, UUID cursor, Read<T> read) {
        if (replica == null) {
            return onPrimary(read);
        }
        Attempt<T> attempt = replicaUsable() ? onReplica(reader, cursor, read) : Attempt.primary(Outcome.PRIMARY_DOWN);
        reads.get(attempt.outcome()).increment();
        return attempt.outcome() == Outcome.REPLICA ? attempt.result() : onPrimary(read);
    }

    /** {@link #read} with a Hibernate session (stateless, read-only) on the chosen connection. */
    public <T> T readEntities(UUID reader, UUID cursor, Function<StatelessSession, T> read) {
        return read(reader, cursor, connection -> {
            try (StatelessSession session =
                    sessions.withStatelessOptions().connection(connection).openStatelessSession()) {
                return read.apply(session);
            }
        });
    }

    /** Where a read ran, and its result when that was the replica. */
    private record Attempt<T>(Outcome outcome, T result) {
        static <T> Attempt<T> primary(Outcome outcome) {
            return new Attempt<>(outcome, null);
        }
    }

    private <T> Attempt<T> onReplica(UUID reader, UUID cursor, Read<T> read) {
        String ownWrite;
        try {
            ownWrite = ownWrites.lastTransaction(reader);
        } catch (RuntimeException e) {
            // Whether the reader wrote recently is unknown: the primary is always right.
            LOG.debugf("own writes unknown: %s", e);
            return Attempt.primary(Outcome.PRIMARY_OWN_WRITE);
        }
        try (Connection connection = replica.getConnection()) {
            Outcome outcome = check(connection, ownWrite, cursor);
            Attempt<T> attempt = outcome == Outcome.REPLICA
                    ? new Attempt<>(outcome, read.run(connection))
                    : Attempt.primary(outcome);
            markUp();
            return attempt;
        } catch (SQLException | RuntimeException e) {
            markDown(e);
            return Attempt.primary(Outcome.PRIMARY_DOWN);
        }
    }

    private Outcome check(Connection connection, String ownWrite, UUID cursor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CHECK_SQL)) {
            String cursorText = cursor == null ? null : cursor.toString();
            statement.setString(1, ownWrite);
            statement.setString(2, ownWrite);
            statement.setString(3, cursorText);
            statement.setString(4, cursorText);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                double lagSeconds = row.getDouble(1);
                if (!row.getBoolean(2)) {
                    return Outcome.PRIMARY_OWN_WRITE;
                }
                if (!row.getBoolean(3)) {
                    return Outcome.PRIMARY_CURSOR;
                }
                if (lagSeconds * 1000 > config.maxLag().toMillis()) {
                    return Outcome.PRIMARY_LAG;
                }
                return Outcome.REPLICA;
            }
        }
    }

    private <T> T onPrimary(Read<T> read) {
        try (Connection connection = primary.getConnection()) {
            return read.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("read on the primary failed", e);
        }
    }

    private boolean replicaUsable() {
        return !down || System.nanoTime() - downUntil >= 0;
    }

    private void markUp() {
        if (down) {
            down = false;
            LOG.info("read replica answers again: reads use it");
        }
    }

    private void markDown(Exception failure) {
        if (!down) {
            LOG.warnf(
                    "read replica failed, reads go to the primary for %s: %s", config.retryAfter(), failure.toString());
        }
        down = true;
        downUntil = System.nanoTime() + config.retryAfter().toNanos();
        // Connections to a replica that went away are dead; a restarted one needs new ones.
        replica.flush(AgroalDataSource.FlushMode.ALL);
    }
}
