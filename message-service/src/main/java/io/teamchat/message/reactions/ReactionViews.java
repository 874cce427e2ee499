package io.teamchat.message.reactions;

import io.teamchat.common.events.MessagePayload;
import io.teamchat.message.message.MessageDecorator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code reactions [{emoji, count, me}]} on every message view, counted with one query per page. */
@ApplicationScoped
public class ReactionViews implements MessageDecorator {

    private final ReactionStore store;

    public ReactionViews(ReactionStore store) {
        this.store = store;
    }

    @Override
    public List<MessagePayload> decorate(List<MessagePayload> messages, UUID viewer) {
        Map<UUID, List<MessagePayload.Reaction>> counts =
                store.counts(messages.stream().map(MessagePayload::id).toList(), viewer);
        return messages.stream()
                .map(message -> message.withReactions(counts.getOrDefault(message.id(), List.of())))
                .toList();
    }
}
