package io.teamchat.message.pins;

import io.teamchat.common.events.MessagePayload;
import io.teamchat.message.message.MessageDecorator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code pinned} and {@code pinnedBy} on every message view, with one query per page. */
@ApplicationScoped
public class PinViews implements MessageDecorator {

    private final PinStore store;

    public PinViews(PinStore store) {
        this.store = store;
    }

    @Override
    public List<MessagePayload> decorate(List<MessagePayload> messages, UUID viewer) {
        Map<UUID, UUID> pinned =
                store.pinnedBy(messages.stream().map(MessagePayload::id).toList());
        return messages.stream()
                .map(message -> message.withPinnedBy(pinned.get(message.id())))
                .toList();
    }
}
