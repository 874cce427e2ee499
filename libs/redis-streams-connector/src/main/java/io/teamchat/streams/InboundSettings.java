package io.teamchat.streams;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Channel attributes of an incoming {@code redis-streams} channel.
 *
 * <ul>
 *   <li>{@code stream} (required): the stream key.
 *   <li>{@code group}: consumer group; with it every entry goes to one consumer of the group and is XACKed when
 *       the message is acked; without it the channel reads every entry (fan-out), starting at the stream's end.
 *   <li>{@code consumer}: this consumer's name in the group (default: host name and process id).
 *   <li>{@code block-ms} (2000), {@code batch-size} (100): how long one read waits and how many entries it takes.
 *   <li>{@code claim-min-idle-ms} (30000), {@code claim-interval-ms} (10000): entries pending longer than the
 *       idle time (their consumer died or nacked them) are claimed with XAUTOCLAIM and delivered again.
 * </ul>
 */
record InboundSettings(
        String channel,
        String stream,
        Optional<String> group,
        String consumer,
        Duration block,
        int batchSize,
        Duration claimMinIdle,
        Duration claimInterval,
        int maxDeliveries) {

    static InboundSettings from(Config config) {
        String channel = config.getValue("channel-name", String.class);
        return new InboundSettings(
                channel,
                config.getOptionalValue("stream", String.class)
                        .orElseThrow(() -> new IllegalArgumentException("channel " + channel + " needs a 'stream'")),
                config.getOptionalValue("group", String.class),
                config.getOptionalValue("consumer", String.class).orElseGet(InboundSettings::defaultConsumerName),
                Duration.ofMillis(
                        config.getOptionalValue("block-ms", Long.class).orElse(2000L)),
                config.getOptionalValue("batch-size", Integer.class).orElse(100),
                Duration.ofMillis(
                        config.getOptionalValue("claim-min-idle-ms", Long.class).orElse(30_000L)),
                Duration.ofMillis(
                        config.getOptionalValue("claim-interval-ms", Long.class).orElse(10_000L)),
                config.getOptionalValue("max-deliveries", Integer.class).orElse(5));
    }

    private static String defaultConsumerName() {
        // "pid@host" on HotSpot: unique per process, readable in XINFO CONSUMERS.
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
