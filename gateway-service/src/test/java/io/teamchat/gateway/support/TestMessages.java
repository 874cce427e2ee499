package io.teamchat.gateway.support;

import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.ids.UuidV7;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/** Stored messages as message-service would publish them, for tests that play message-service. */
public final class TestMessages {

    private TestMessages() {}

    /** A new text message of {@code sender} in the room, mentioning {@code mentioned}. */
    public static MessagePayload message(UUID roomId, TestUser sender, String content, TestUser... mentioned) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new MessagePayload(
                UuidV7.generate(),
                roomId,
                sender.id(),
                content,
                "text",
                false,
                now,
                now,
                null,
                Arrays.stream(mentioned).map(TestUser::id).toList());
    }
}
