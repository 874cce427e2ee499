package io.teamchat.room.rooms;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "chat.rooms")
public interface RoomsConfig {

    /** How many rooms a discovery page holds when the client names no {@code limit} (at most 200). */
    @WithDefault("50")
    int discoverLimit();
}
