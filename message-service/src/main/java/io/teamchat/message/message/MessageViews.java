package io.teamchat.message.message;

import io.teamchat.common.events.MessagePayload;
import io.teamchat.message.mentions.MentionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.UUID;

/**
 * Messages as clients see them: the stored row plus its mentions and what each {@link MessageDecorator} adds
 * (reactions with the viewer's {@code me}, pinned). Every door that shows messages goes through here: history, sync, threads, search,
 * edits, events.
 */
@ApplicationScoped
public class MessageViews {

    private final Instance<MessageDecorator> decorators;
    private final MentionStore mentions;

    public MessageViews(@Any Instance<MessageDecorator> decorators, MentionStore mentions) {
        this.decorators = decorators;
        this.mentions = mentions;
    }

    public List<MessagePayload> forViewer(List<MessagePayload> messages, UUID viewer) {
        if (messages.isEmpty()) {
            return messages;
        }
        List<MessagePayload> views = mentions.withMentions(messages);
        for (MessageDecorator decorator : decorators) {
            views = decorator.decorate(views, viewer);
        }
        return views;
    }

    public MessagePayload forViewer(MessagePayload message, UUID viewer) {
        return forViewer(List.of(message), viewer).get(0);
    }

    /** For events, which every member receives: counts without {@code me}. */
    public List<MessagePayload> forEvents(List<MessagePayload> messages) {
        return forViewer(messages, null);
    }

    public MessagePayload forEvents(MessagePayload message) {
        return forViewer(message, null);
    }
}
