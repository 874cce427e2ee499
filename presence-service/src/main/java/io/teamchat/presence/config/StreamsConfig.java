package io.teamchat.presence.config;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "chat.streams")
public interface StreamsConfig {

    /** Starts every Redis key and stream name of this deployment (tests use a random one). */
    String prefix();
}
