package io.teamchat.streams;

import java.util.UUID;

/**
 * How a partitioned stream is split: a room (or any key) always maps to the same partition, and partition
 * {@code p} of stream {@code chat:commands} is the key {@code chat:commands:{p<p>}}. The braces are a Redis
 * Cluster hash tag, so a partition's stream, its lease and its dead letters share one slot while different
 * partitions can live on different shards. Writers and readers must agree on the partition count: change it only
 * when the streams are drained.
 */
public final class StreamPartitions {

    private StreamPartitions() {}

    /** The partition of {@code key} among {@code partitions}; stable across processes and versions. */
    public static int of(UUID key, int partitions) {
        long h = key.getMostSignificantBits() ^ key.getLeastSignificantBits();
        // A 64-bit mix (SplitMix64 finaliser): UUIDv7 ids share their time bits, so use every bit.
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) Long.remainderUnsigned(h, partitions);
    }

    /** The stream key of one partition. */
    public static String key(String stream, int partition) {
        return stream + ":{p" + partition + "}";
    }

    /** The stream key of {@code partitionKey}'s partition. */
    public static String keyOf(String stream, UUID partitionKey, int partitions) {
        return key(stream, of(partitionKey, partitions));
    }
}
