package io.teamchat.message.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.AttachmentPayload;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.MessageUpdated;
import io.teamchat.common.events.SendMessageCommand;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.attachments.AttachmentClaims;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import io.teamchat.message.mentions.MentionResolver;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code message.send}, from the socket (via the gateway) and from REST alike: validates each command, stores
 * the valid ones with one INSERT, and answers each with {@code message.created} or {@code command.rejected}, in
 * stream order. A command that finds its message stored answers with it too: announced again when the command is a
 * redelivery (its first announcement may have been lost in a crash after the commit), for the sender's ack alone
 * when it is a client's retry ({@code resent}, see {@link MessageCreated}).
 */
@ApplicationScoped
public class SendCommandHandler implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(SendCommandHandler.class);

    private final MessageStore store;
    private final RoomAccess access;
    private final ObjectMapper mapper;
    private final AttachmentClaims attachmentClaims;
    private final MentionResolver mentions;
    private final MessageViews views;

    public SendCommandHandler(
            MessageStore store,
            RoomAccess access,
            ObjectMapper mapper,
            AttachmentClaims attachmentClaims,
            MentionResolver mentions,
            MessageViews views) {
        this.store = store;
        this.mentions = mentions;
        this.views = views;
        this.access = access;
        this.mapper = mapper;
        this.attachmentClaims = attachmentClaims;
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_SEND;
    }

    @Override
    public void apply(List<EventEnvelope> commands, CommandBatch batch) {
        List<MessageStore.NewMessage> messages = new ArrayList<>();
        // Parse and validate all first; the outcomes are then published in stream order.
        List<Slot> slots = new ArrayList<>(commands.size());
        for (EventEnvelope envelope : commands) {
            SendMessageCommand command;
            try {
                command = envelope.dataAs(SendMessageCommand.class, mapper);
            } catch (IllegalArgumentException e) {
                // A malformed command will never succeed and has nobody to answer: skip it (acked).
                LOG.warnf("skipping malformed command %s: %s", envelope.id(), e.getMessage());
                continue;
            }
            MessageDraft sent = new MessageDraft(
                    command.roomId(),
                    command.userId(),
                    command.username(),
                    command.content(),
                    command.type(),
                    command.clientMsgId(),
                    command.attachmentId(),
                    command.parentId());
            try {
                // The draft as stored: content trimmed (MessageRules, the gateway's rules too).
                MessageDraft draft = sent.validated();
                if (command.commandId() == null || command.userId() == null) {
                    throw ProblemException.badRequest("A send command needs a commandId and a userId.");
                }
                slots.add(new Slot(command, null, messages.size()));
                messages.add(new MessageStore.NewMessage(draft, command.commandId()));
            } catch (ProblemException refused) {
                slots.add(new Slot(command, refused, -1));
            }
        }
        refuseNonMembers(slots, messages);
        // Threads before attachments: a reply refused here must not claim its upload ahead of a later send's.
        attachToThreads(slots, messages);
        Map<UUID, AttachmentPayload> attachments = refuseBadAttachments(slots, messages);
        resolveMentions(slots, messages);
        List<MessageStore.Outcome> stored = store.storeAll(messages);
        Set<UUID> threadsReplied = new LinkedHashSet<>();
        for (Slot slot : slots) {
            SendMessageCommand command = slot.command();
            if (slot.invalid() != null) {
                batch.reject(command.commandId(), command.userId(), slot.invalid());
                continue;
            }
            MessageStore.Outcome result = stored.get(slot.storeIndex());
            if (result.refused() != null) {
                batch.reject(command.commandId(), command.userId(), result.refused());
            } else {
                if (result.message().parentId() != null) {
                    threadsReplied.add(result.message().parentId());
                }
                batch.publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(
                                withAttachment(result.message(), command.attachmentId(), attachments),
                                new UserSummary(command.userId(), command.username(), null),
                                command.commandId(),
                                result.resent()));
            }
        }
        // The roots' new reply counts reach the room as message.updated, after the replies themselves.
        for (MessagePayload root : views.forEvents(store.recountReplies(threadsReplied))) {
            batch.publish(EventType.MESSAGE_UPDATED, new MessageUpdated(root));
        }
    }

    /**
     * A reply's parent must be a message of the same room (else 404, as for a message the sender cannot see); a
     * reply to a reply is stored as a reply to that thread's root. One query for the whole run.
     */
    private void attachToThreads(List<Slot> slots, List<MessageStore.NewMessage> messages) {
        Set<UUID> parentIds = new HashSet<>();
        messages.forEach(next -> {
            if (next.draft().parentId() != null) {
                parentIds.add(next.draft().parentId());
            }
        });
        if (parentIds.isEmpty()) {
            return;
        }
        Map<UUID, MessageStore.ThreadParent> parents = store.threadParents(parentIds);
        List<MessageStore.NewMessage> attached = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.invalid() != null) {
                continue;
            }
            MessageStore.NewMessage next = messages.get(slot.storeIndex());
            UUID parentId = next.draft().parentId();
            MessageStore.ThreadParent parent = parentId == null ? null : parents.get(parentId);
            if (parentId != null
                    && (parent == null || !parent.roomId().equals(next.draft().roomId()))) {
                slots.set(i, new Slot(slot.command(), ProblemException.notFound("No such message to reply to."), -1));
                continue;
            }
            slots.set(i, new Slot(slot.command(), null, attached.size()));
            attached.add(
                    parent == null
                            ? next
                            : new MessageStore.NewMessage(next.draft().inThread(parent.rootId()), next.commandId()));
        }
        messages.clear();
        messages.addAll(attached);
    }

    /**
     * The membership check of every path (docs/membership.md), for the whole run with one wait: a sender who may
     * not post in the room is refused (404) and nothing of theirs is stored. A cache that cannot be read throws,
     * so the batch is retried rather than refused.
     */
    private void refuseNonMembers(List<Slot> slots, List<MessageStore.NewMessage> messages) {
        List<MembershipCache.Question> questions = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.invalid() == null) {
                SendMessageCommand command = slot.command();
                questions.add(new MembershipCache.Question(
                        command.roomId(), command.userId(), command.senderIsAdmin(), RoomAction.POST));
                asked.add(i);
            }
        }
        List<Decision> decisions = access.decideAll(questions);
        List<MessageStore.NewMessage> allowed = new ArrayList<>();
        for (int q = 0; q < decisions.size(); q++) {
            int i = asked.get(q);
            Slot slot = slots.get(i);
            if (decisions.get(q).allowed()) {
                slots.set(i, new Slot(slot.command(), null, allowed.size()));
                allowed.add(messages.get(slot.storeIndex()));
            } else {
                slots.set(i, new Slot(slot.command(), RoomAccess.problemFor(decisions.get(q)), -1));
            }
        }
        messages.clear();
        messages.addAll(allowed);
    }

    /**
     * Only the uploader may attach an upload, to a message in its room, once ({@link AttachmentClaims}); a message
     * naming any other is refused and nothing of it is stored. Returns the attachments of the messages kept.
     */
    private Map<UUID, AttachmentPayload> refuseBadAttachments(
            List<Slot> slots, List<MessageStore.NewMessage> messages) {
        List<AttachmentClaims.Claim> claims = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.invalid() == null && slot.command().attachmentId() != null) {
                MessageDraft draft = messages.get(slot.storeIndex()).draft();
                SendMessageCommand command = slot.command();
                claims.add(new AttachmentClaims.Claim(
                        command.attachmentId(),
                        draft.type(),
                        draft.roomId(),
                        draft.userId(),
                        command.commandId(),
                        draft.clientMsgId()));
                asked.add(i);
            }
        }
        Map<UUID, AttachmentPayload> attached = new HashMap<>();
        if (claims.isEmpty()) {
            return attached;
        }
        List<AttachmentClaims.Verdict> verdicts = attachmentClaims.check(claims);
        for (int q = 0; q < verdicts.size(); q++) {
            int i = asked.get(q);
            AttachmentClaims.Verdict verdict = verdicts.get(q);
            if (verdict.refused() != null) {
                slots.set(i, new Slot(slots.get(i).command(), verdict.refused(), -1));
            } else {
                attached.put(verdict.attachment().id(), verdict.attachment());
            }
        }
        // Renumber the kept messages' places in the store call.
        List<MessageStore.NewMessage> kept = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.invalid() == null) {
                slots.set(i, new Slot(slot.command(), null, kept.size()));
                kept.add(messages.get(slot.storeIndex()));
            }
        }
        messages.clear();
        messages.addAll(kept);
        return attached;
    }

    private static MessagePayload withAttachment(
            MessagePayload message, UUID attachmentId, Map<UUID, AttachmentPayload> attachments) {
        return attachmentId == null ? message : message.withAttachment(attachments.get(attachmentId));
    }

    /** The members each allowed message mentions, resolved now, at send time (docs/conversation.md, "Mentions"). */
    private void resolveMentions(List<Slot> slots, List<MessageStore.NewMessage> messages) {
        List<MentionResolver.Request> requests = new ArrayList<>(messages.size());
        for (Slot slot : slots) {
            if (slot.invalid() == null) {
                SendMessageCommand command = slot.command();
                requests.add(new MentionResolver.Request(
                        command.roomId(),
                        command.userId(),
                        command.senderIsAdmin(),
                        messages.get(slot.storeIndex()).draft().content(),
                        command.mentionCandidates()));
            }
        }
        List<List<UUID>> mentioned = mentions.resolve(requests);
        for (int i = 0; i < messages.size(); i++) {
            messages.set(i, messages.get(i).mentioning(mentioned.get(i)));
        }
    }

    /** One command's place in the run: refused by validation, or the index of its message in the store call. */
    private record Slot(SendMessageCommand command, ProblemException invalid, int storeIndex) {}
}
