package io.teamchat.streams;

import java.util.UUID;

/**
 * Outgoing message metadata for a channel with {@code partitions}: the key (a room id) whose partition the entry
 * is appended to, so that all entries of one room stay in order on one partition.
 */
public record PartitionKey(UUID value) {}
