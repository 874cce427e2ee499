package io.teamchat.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The per-user rates ({@code chat.rate-limits.*}); every instance of every service must use the same values. */
@ConfigMapping(prefix = "chat.rate-limits")
public interface RateLimitsConfig {

    /** Messages sent, over the socket and REST together. */
    @WithDefault("20")
    int messages();

    @WithDefault("10s")
    Duration messagesWindow();

    /** Edits and deletes of messages, over the socket and REST together. */
    @WithDefault("30")
    int changes();

    @WithDefault("10s")
    Duration changesWindow();

    /** typing-start and typing-stop events (a typist sends a start about every 3 s per room). */
    @WithDefault("30")
    int typing();

    @WithDefault("10s")
    Duration typingWindow();

    /** How long a service waits for Redis before letting the action through (the limit never blocks the chat). */
    @WithDefault("2s")
    Duration timeout();
}
