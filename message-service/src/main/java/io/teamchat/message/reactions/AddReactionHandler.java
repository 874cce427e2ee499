package io.teamchat.message.reactions;

import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code reaction.add}: see {@link Reactions}. */
@ApplicationScoped
public class AddReactionHandler implements CommandHandler {

    private final Reactions reactions;

    public AddReactionHandler(Reactions reactions) {
        this.reactions = reactions;
    }

    @Override
    public EventType type() {
        return EventType.REACTION_ADD;
    }

    @Override
    public void apply(List<EventEnvelope> commands, CommandBatch batch) {
        reactions.apply(commands, batch, true);
    }
}
