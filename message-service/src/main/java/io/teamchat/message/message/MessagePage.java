package io.teamchat.message.message;

import io.teamchat.common.events.MessagePayload;
import java.util.List;
import java.util.UUID;

/** One page of history, newest first; {@code nextBefore} is the cursor for the next older page. */
public record MessagePage(List<MessagePayload> items, UUID nextBefore, boolean hasMore) {}
