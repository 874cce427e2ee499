package io.teamchat.message.replica;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code chat.replica.*}: how reads use the read replica (the datasource {@code replica}, active only when
 * {@code DB_REPLICA_URL} is set). See docs/operations.md, "Read replicas".
 */
@ConfigMapping(prefix = "chat.replica")
public interface ReplicaConfig {

    /** A replica further behind than this (its replay lag) is skipped: reads go to the primary. */
    @WithDefault("5s")
    Duration maxLag();

    /** After the replica failed, reads stay on the primary this long before the replica is tried again. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * How long a writer's last transaction is remembered (in Redis) for read-your-writes. Longer than any lag a
     * replica is allowed: past it, the lag bound alone decides.
     */
    @WithDefault("1h")
    Duration ownWritesMemory();
}
