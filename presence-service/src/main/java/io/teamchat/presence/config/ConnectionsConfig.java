package io.teamchat.presence.config;

import io.smallrye.config.ConfigMapping;
import io.teamchat.streams.PartitionedStreamConfig;

/**
 * {@code chat.connections.*}: the connections stream (the gateways' socket changes), split into partitions by user,
 * and how this replica reads it ({@link PartitionedStreamConfig}; the partition count is
 * {@code CHAT_CONNECTION_PARTITIONS}, the same in the gateways).
 */
@ConfigMapping(prefix = "chat.connections")
public interface ConnectionsConfig extends PartitionedStreamConfig {}
