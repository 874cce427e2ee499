package io.teamchat.streams;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a service reads a partitioned stream with {@link PartitionedStreamConsumer}: a service's
 * {@code @ConfigMapping} extends it (message-service's {@code chat.commands.*}, presence-service's
 * {@code chat.connections.*}).
 */
public interface PartitionedStreamConfig {

    /** Base key; partition p is {@code <stream>:{p<p>}}. */
    String stream();

    /**
     * Number of partitions. No default: the writers must use the same number, so each service's configuration names
     * it (from one environment variable shared with the writers).
     */
    int partitions();

    /** The most entries one read (one handler call) takes, all partitions together. */
    @WithDefault("256")
    int batchSize();

    /** How long an idle read waits for new entries. */
    @WithDefault("1s")
    Duration block();

    /** How long the partitions of a replica that stopped renewing stay unread before others take them. */
    @WithDefault("4s")
    Duration leaseTtl();

    @WithDefault("1s")
    Duration leaseRenew();

    /** Tries of an entry that fails on its own before it is parked on the dead-letter stream. */
    @WithDefault("5")
    int maxDeliveries();
}
