package io.teamchat.message.pins;

import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code message.unpin}: see {@link Pins}. */
@ApplicationScoped
public class UnpinHandler implements CommandHandler {

    private final Pins pins;

    public UnpinHandler(Pins pins) {
        this.pins = pins;
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_UNPIN;
    }

    @Override
    public void apply(List<EventEnvelope> commands, CommandBatch batch) {
        pins.apply(commands, batch, false);
    }
}
