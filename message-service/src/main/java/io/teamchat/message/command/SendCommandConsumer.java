package io.teamchat.message.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SendMessageCommand;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.events.EventPublisher;
import io.teamchat.message.message.MessageDraft;
import io.teamchat.message.message.MessageService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Handles send commands from the gateways. The stream entry is acked (XACK) only when this method returns, i.e.
 * after the message is committed and its event is in the events stream; if the process dies before that, the
 * entry stays pending and is claimed again, and the idempotent store makes the retry safe. Commands are handled
 * one at a time, in stream order, so a room's message ids follow its send order.
 */
@ApplicationScoped
public class SendCommandConsumer {

    private static final Logger LOG = Logger.getLogger(SendCommandConsumer.class);

    private final MessageService messages;
    private final EventPublisher events;
    private final ObjectMapper mapper;

    public SendCommandConsumer(MessageService messages, EventPublisher events, ObjectMapper mapper) {
        this.messages = messages;
        this.events = events;
        this.mapper = mapper;
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(String entry) {
        // Parsed here, not by a converter: an unknown type (a newer writer) or a malformed entry must be skipped
        // and acked, never end the channel or be retried forever.
        EventEnvelope envelope;
        SendMessageCommand command;
        try {
            envelope = mapper.readValue(entry, EventEnvelope.class);
            if (envelope.type() != EventType.MESSAGE_SEND) {
                LOG.debugf("ignoring %s on the commands stream", envelope.type());
                return;
            }
            command = envelope.dataAs(SendMessageCommand.class, mapper);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("skipping an unreadable entry on the commands stream: %s", e.getMessage());
            return;
        }
        MessageDraft draft = new MessageDraft(
                command.roomId(),
                command.userId(),
                command.username(),
                command.content(),
                command.type(),
                command.clientMsgId());
        try {
            messages.send(draft, command.commandId());
        } catch (ProblemException rejected) {
            events.publish(
                    EventType.COMMAND_REJECTED,
                    new CommandRejected(
                            command.commandId(),
                            command.userId(),
                            rejected.status(),
                            rejected.title(),
                            rejected.getMessage()));
        }
    }
}
