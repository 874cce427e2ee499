package io.teamchat.message.replica;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Read-your-writes: remembers, per user, the id of the last transaction that stored something of theirs
 * ({@code pg_current_xact_id()}), so that {@link ReplicaReads} sends their reads to the primary until the replica
 * has replayed that transaction. Kept in Redis ({@code <prefix>replica:own-write:<userId>}) because the replica of
 * message-service that commits a send is not the one that serves the sender's next read. Nothing is recorded when
 * no read replica is configured.
 */
@ApplicationScoped
public class OwnWrites {

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

    private final AgroalDataSource primary;
    private final boolean replicaConfigured;
    private final ReactiveValueCommands<String, String> values;
    private final String keyPrefix;
    private final Duration memory;

    public OwnWrites(
            AgroalDataSource primary,
            @DataSource("replica") InjectableInstance<AgroalDataSource> replica,
            ReactiveRedisDataSource redis,
            ReplicaConfig config,
            @ConfigProperty(name = "chat.streams.prefix") String prefix) {
        this.primary = primary;
        this.replicaConfigured = !replica.listActive().isEmpty();
        this.values = redis.value(String.class);
        this.keyPrefix = prefix + "replica:own-write:";
        this.memory = config.ownWritesMemory();
    }

    /**
     * Call inside the transaction that writes for {@code writers}, after its writes: the keys are set before the
     * commit, so every read that follows the commit (and its acknowledgement) finds them.
     */
    public void record(Collection<UUID> writers) {
        if (!replicaConfigured || writers.isEmpty()) {
            return;
        }
        String transaction = currentTransaction();
        List<Uni<Void>> writes = new LinkedHashSet<>(writers)
                .stream()
                        .map(user -> values.setex(keyPrefix + user, memory.toSeconds(), transaction))
                        .toList();
        // Sent together (one round trip's worth of waiting); a failure fails the batch, which is then retried.
        Uni.join().all(writes).andFailFast().await().atMost(REDIS_TIMEOUT);
    }

    /** The user's last writing transaction (an {@code xid8} as text), or null when none is remembered. */
    String lastTransaction(UUID user) {
        return values.get(keyPrefix + user).await().atMost(REDIS_TIMEOUT);
    }

    private String currentTransaction() {
        // The transaction's own connection: Agroal hands out the one enlisted in the current JTA transaction.
        try (Connection connection = primary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_current_xact_id()::text")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the current transaction id", e);
        }
    }
}
