package io.teamchat.streams;

import org.eclipse.microprofile.config.Config;

/**
 * Channel attributes of an outgoing {@code redis-streams} channel: {@code stream} (required),
 * {@code max-length} (default 100000): XADD trims the stream to about that many entries (MAXLEN ~), and
 * {@code partitions} (default 0: one plain stream): with N > 0 every message must carry a {@link PartitionKey}
 * and goes to {@link StreamPartitions#keyOf} its key.
 */
record OutboundSettings(String channel, String stream, long maxLength, int partitions) {

    static OutboundSettings from(Config config) {
        String channel = config.getValue("channel-name", String.class);
        return new OutboundSettings(
                channel,
                config.getOptionalValue("stream", String.class)
                        .orElseThrow(() -> new IllegalArgumentException("channel " + channel + " needs a 'stream'")),
                config.getOptionalValue("max-length", Long.class).orElse(100_000L),
                config.getOptionalValue("partitions", Integer.class).orElse(0));
    }
}
