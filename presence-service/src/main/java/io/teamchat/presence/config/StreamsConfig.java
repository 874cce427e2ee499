package io.teamchat.presence.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "chat.streams")
public interface StreamsConfig {

    /** Starts every Redis key and stream name of this deployment (tests use a random one). */
    String prefix();

    /** About how many entries the events streams keep (MAXLEN ~); read by DomainEvents (libs). */
    @WithDefault("100000")
    long eventsMaxLength();
}
