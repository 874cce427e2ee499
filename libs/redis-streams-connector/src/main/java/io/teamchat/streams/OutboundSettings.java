package io.teamchat.streams;

import org.eclipse.microprofile.config.Config;

/**
 * Channel attributes of an outgoing {@code redis-streams} channel: {@code stream} (required),
 * {@code max-length} (default 100000): XADD trims the stream to about that many entries (MAXLEN ~), and
 * {@code partitions} (default 0: one plain stream): with N > 0 every message must carry a {@link PartitionKey}
 * and goes to {@link StreamPartitions#keyOf} its key; {@code max-batch} (default 256): at most this many entries
 * per pipelined write ({@link BatchingAppender}); {@code max-pending} (default 16384): messages emitted but not yet
 * written that the channel accepts before an emitter sees an overflow (a burst of a thousand sockets closing at
 * once must fit).
 */
record OutboundSettings(String channel, String stream, long maxLength, int partitions, int maxBatch, int maxPending) {

    static final long DEFAULT_MAX_LENGTH = 100_000L;

    static OutboundSettings from(Config config) {
        String channel = config.getValue("channel-name", String.class);
        return new OutboundSettings(
                channel,
                config.getOptionalValue("stream", String.class)
                        .orElseThrow(() -> new IllegalArgumentException("channel " + channel + " needs a 'stream'")),
                config.getOptionalValue("max-length", Long.class).orElse(DEFAULT_MAX_LENGTH),
                config.getOptionalValue("partitions", Integer.class).orElse(0),
                config.getOptionalValue("max-batch", Integer.class).orElse(256),
                config.getOptionalValue("max-pending", Integer.class).orElse(16_384));
    }
}
