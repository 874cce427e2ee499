package io.teamchat.message.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.teamchat.streams.PartitionedStreamConfig;
import java.time.Duration;

/**
 * {@code chat.commands.*}: the partitioned commands stream and how this replica reads it ({@link
 * PartitionedStreamConfig}; the partition count is {@code CHAT_COMMAND_PARTITIONS}, the same in the gateways).
 */
@ConfigMapping(prefix = "chat.commands")
public interface CommandsConfig extends PartitionedStreamConfig {

    /** How long a REST send waits for its command's outcome before answering 504. */
    @WithDefault("10s")
    Duration outcomeTimeout();
}
