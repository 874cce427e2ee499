package io.teamchat.message.threads;

import io.teamchat.common.events.MessagePayload;
import java.util.List;

/** A page of a thread's replies, oldest first; {@code hasMore}: later replies follow (ask with the last id). */
public record ThreadPage(List<MessagePayload> items, boolean hasMore) {}
