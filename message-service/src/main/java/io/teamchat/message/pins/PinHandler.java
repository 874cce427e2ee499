package io.teamchat.message.pins;

import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code message.pin}: see {@link Pins}. */
@ApplicationScoped
public class PinHandler implements CommandHandler {

    private final Pins pins;

    public PinHandler(Pins pins) {
        this.pins = pins;
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_PIN;
    }

    @Override
    public void apply(List<EventEnvelope> commands, CommandBatch batch) {
        pins.apply(commands, batch, true);
    }
}
