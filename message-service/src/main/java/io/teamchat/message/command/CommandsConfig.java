package io.teamchat.message.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code chat.commands.*}: the partitioned commands stream and how this replica reads it. */
@ConfigMapping(prefix = "chat.commands")
public interface CommandsConfig {

    /** Base key; partition p is {@code <stream>:{p<p>}}. */
    String stream();

    /** Number of partitions; the gateways must use the same number. */
    @WithDefault("16")
    int partitions();

    /** The most commands one read, one transaction and one pipelined publish take. */
    @WithDefault("256")
    int batchSize();

    /** How long an idle read waits for new commands. */
    @WithDefault("1s")
    Duration block();

    /** How long the partitions of a replica that stopped renewing stay unread before others take them. */
    @WithDefault("4s")
    Duration leaseTtl();

    @WithDefault("1s")
    Duration leaseRenew();

    /** Tries of a command that fails on its own before it is parked on the dead-letter stream. */
    @WithDefault("5")
    int maxDeliveries();

    /** How long a REST send waits for its command's outcome before answering 504. */
    @WithDefault("10s")
    Duration outcomeTimeout();
}
