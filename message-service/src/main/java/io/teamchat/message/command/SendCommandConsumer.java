package io.teamchat.message.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.SendMessageCommand;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.Decision;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.events.EventPublisher;
import io.teamchat.message.message.MessageDraft;
import io.teamchat.message.message.MessageService;
import io.teamchat.message.room.RoomAccess;
import io.teamchat.streams.EnvelopeReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
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
    private final RoomAccess access;
    private final EventPublisher events;
    private final ObjectMapper mapper;

    public SendCommandConsumer(MessageService messages, RoomAccess access, EventPublisher events, ObjectMapper mapper) {
        this.messages = messages;
        this.access = access;
        this.events = events;
        this.mapper = mapper;
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(String entry) {
        Optional<EventEnvelope> envelope = EnvelopeReader.read(entry, mapper, "the commands stream");
        if (envelope.isEmpty()) {
            return;
        }
        if (envelope.get().type() != EventType.MESSAGE_SEND) {
            LOG.debugf("ignoring %s on the commands stream", envelope.get().type());
            return;
        }
        SendMessageCommand command;
        try {
            command = envelope.get().dataAs(SendMessageCommand.class, mapper);
        } catch (IllegalArgumentException e) {
            // A malformed command will never succeed: skip it (acked) instead of retrying it forever.
            LOG.warnf("skipping malformed command %s: %s", envelope.get().id(), e.getMessage());
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
            // The same membership check as REST sends, before anything is stored; a cache that cannot be read
            // throws, so the entry stays pending and is retried instead of being refused.
            Decision decision =
                    access.decide(command.roomId(), command.userId(), command.senderIsAdmin(), RoomAction.POST);
            if (!decision.allowed()) {
                throw RoomAccess.problemFor(decision);
            }
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
