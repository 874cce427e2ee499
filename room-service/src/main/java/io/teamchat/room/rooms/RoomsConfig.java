package io.teamchat.room.rooms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "chat.rooms")
public interface RoomsConfig {

    /** How many rooms one discovery query returns at most. */
    @WithDefault("50")
    int discoverLimit();
}
