package io.teamchat.ratelimit;

import java.time.Duration;

/** What a user does that is counted; each action has its own budget per window. */
public enum Action {
    MESSAGE("messages"),
    CHANGE("changes"),
    TYPING("typing");

    private final String key;

    Action(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    int limit(RateLimitsConfig config) {
        return switch (this) {
            case MESSAGE -> config.messages();
            case CHANGE -> config.changes();
            case TYPING -> config.typing();
        };
    }

    Duration window(RateLimitsConfig config) {
        return switch (this) {
            case MESSAGE -> config.messagesWindow();
            case CHANGE -> config.changesWindow();
            case TYPING -> config.typingWindow();
        };
    }
}
