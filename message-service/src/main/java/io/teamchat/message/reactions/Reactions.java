package io.teamchat.message.reactions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.ReactionChanged;
import io.teamchat.common.events.ReactionCommand;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.message.Message;
import io.teamchat.message.message.MessageCommands;
import io.teamchat.message.message.MessageLookup;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a run of {@code reaction.add} or {@code reaction.remove} commands on the rooms' partitions: the reactions
 * of the run's messages are read once, each command is applied in stream order to that state (so the counts are
 * exact however many users react at once: nothing else writes them), and the difference is written with one
 * statement each way. Anyone who may read the room reacts; at most {@value #MAX_DISTINCT} different emoji per
 * message (409). Adding twice or removing what is not there changes nothing and is not announced.
 */
@ApplicationScoped
public class Reactions {

    static final int MAX_DISTINCT = 20;

    private final MessageLookup lookup;
    private final RoomAccess access;
    private final ReactionStore store;
    private final ObjectMapper mapper;

    public Reactions(MessageLookup lookup, RoomAccess access, ReactionStore store, ObjectMapper mapper) {
        this.lookup = lookup;
        this.access = access;
        this.store = store;
        this.mapper = mapper;
    }

    void apply(List<EventEnvelope> envelopes, CommandBatch batch, boolean add) {
        List<ReactionCommand> commands = MessageCommands.parse(envelopes, ReactionCommand.class, mapper);
        Map<UUID, Message> targets =
                lookup.byIds(commands.stream().map(ReactionCommand::messageId).toList());
        List<ProblemException> refusals =
                MessageCommands.refusals(access, commands, targets, (command, target) -> null);
        Map<UUID, Map<String, Set<UUID>>> state = store.reactors(targets.keySet());
        Set<ReactionStore.Key> initial = keys(state);
        for (int i = 0; i < commands.size(); i++) {
            ReactionCommand command = commands.get(i);
            ProblemException refused = refusals.get(i);
            if (refused == null && !Emoji.isValid(command.emoji())) {
                refused = invalidEmoji();
            }
            Map<String, Set<UUID>> reactions = state.computeIfAbsent(command.messageId(), id -> new LinkedHashMap<>());
            if (refused == null && add && !reactions.containsKey(command.emoji()) && reactions.size() >= MAX_DISTINCT) {
                refused = ProblemException.conflictOnField(
                        "emoji", "a message has at most " + MAX_DISTINCT + " different reactions");
            }
            if (refused != null) {
                batch.reject(command.commandId(), command.userId(), refused);
                continue;
            }
            boolean changed;
            if (add) {
                changed = reactions
                        .computeIfAbsent(command.emoji(), emoji -> new LinkedHashSet<>())
                        .add(command.userId());
            } else {
                Set<UUID> users = reactions.get(command.emoji());
                changed = users != null && users.remove(command.userId());
                if (users != null && users.isEmpty()) {
                    reactions.remove(command.emoji());
                }
            }
            batch.publish(
                    EventType.REACTION_CHANGED,
                    new ReactionChanged(
                            command.messageId(),
                            command.roomId(),
                            command.emoji(),
                            command.userId(),
                            add,
                            changed,
                            command.commandId()));
        }
        Set<ReactionStore.Key> result = keys(state);
        Set<ReactionStore.Key> added = new LinkedHashSet<>(result);
        added.removeAll(initial);
        Set<ReactionStore.Key> removed = new LinkedHashSet<>(initial);
        removed.removeAll(result);
        store.apply(added, removed, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static ProblemException invalidEmoji() {
        return ProblemException.invalidField("emoji", "must be one Unicode emoji or a :short_name:");
    }

    private static Set<ReactionStore.Key> keys(Map<UUID, Map<String, Set<UUID>>> state) {
        Set<ReactionStore.Key> keys = new LinkedHashSet<>();
        state.forEach((messageId, reactions) -> reactions.forEach(
                (emoji, users) -> users.forEach(user -> keys.add(new ReactionStore.Key(messageId, emoji, user)))));
        return keys;
    }
}
