package io.teamchat.message.message;

import io.teamchat.common.events.MessagePayload;
import java.util.List;
import java.util.UUID;

/**
 * A conversation feature that adds its state to message views (reactions, pins): implement it as an
 * {@code @ApplicationScoped} bean in the feature's package and {@link MessageViews} calls it for every page, event
 * and answer. One query per call for the whole list, never one per message.
 */
public interface MessageDecorator {

    /** The same messages, in the same order, with this feature's fields set for {@code viewer} (null: no viewer). */
    List<MessagePayload> decorate(List<MessagePayload> messages, UUID viewer);
}
