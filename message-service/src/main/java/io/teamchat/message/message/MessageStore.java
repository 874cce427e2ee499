package io.teamchat.message.message;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.teamchat.common.events.AttachmentPayload;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.attachments.Attachment;
import io.teamchat.message.mentions.MentionStore;
import io.teamchat.message.readstate.ReadMarkers;
import io.teamchat.message.readstate.RoomSequences;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores a batch of new messages with one multi-row INSERT inside the caller's transaction. Idempotency is left to
 * the unique keys ({@code command_id}, {@code (user_id, client_msg_id)}): conflicting rows are skipped by
 * {@code ON CONFLICT DO NOTHING} and only those are looked up afterwards, in one query; there is no select per
 * message. Ids are UUIDv7 taken here in the batch's order: the partition's single reader calls this, so within a
 * room id order is stream order is commit order.
 */
@ApplicationScoped
public class MessageStore {

    /**
     * The attachment of a message row {@code m}, for {@link #payload(ResultSet)}: select these columns and join
     * {@link #ATTACHMENT_JOIN}.
     */
    public static final String ATTACHMENT_COLUMNS =
            " a.id as att_id, a.room_id as att_room_id, a.uploader_id as att_uploader_id, a.name as att_name,"
                    + " a.size as att_size, a.content_type as att_content_type, a.width as att_width,"
                    + " a.height as att_height, a.has_thumbnail as att_has_thumbnail, a.created_at as att_created_at\n";

    public static final String ATTACHMENT_JOIN = " left join message.attachments a on a.id = m.attachment_id\n";

    private static final String INSERT = """
            insert into message.messages
                (id, room_id, user_id, content, type, is_edited, created_at, updated_at, client_msg_id, command_id, seq,
                 attachment_id, parent_id)
            select r.id, r.room_id, r.user_id, r.content, r.type, false, r.at, r.at, r.client_msg_id, r.command_id, r.seq,
                   r.attachment_id, r.parent_id
            from (select u.*, timestamptz 'epoch' + u.micros * interval '1 microsecond' as at
                  from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::uuid[],
                              ?::bigint[], ?::uuid[], ?::uuid[])
                       as u(id, room_id, user_id, content, type, micros, client_msg_id, command_id, seq, attachment_id,
                            parent_id)) r
            on conflict do nothing
            returning id
            """;
    // Each unique key looked up on its own, then joined: one WHERE with "command_id = any(..) or (user_id,
    // client_msg_id) in (..)" can use neither index and scanned the whole table (125 ms at 330,000 messages, on every
    // batch that held a retry, so a drain after a crash crawled).
    static final String EXISTING = """
            select m.id, m.room_id, m.user_id, m.content, m.type, m.is_edited, m.created_at, m.updated_at,
                   m.client_msg_id, m.command_id, m.parent_id, m.reply_count, m.last_reply_at,
            """ + ATTACHMENT_COLUMNS + """
            from message.messages m
            """ + ATTACHMENT_JOIN + """
            where m.id in (
                select by_command.id from message.messages by_command where by_command.command_id = any(?::uuid[])
                union all
                select by_client.id from message.messages by_client
                join unnest(?::uuid[], ?::text[]) as sent(user_id, client_msg_id)
                  on by_client.user_id = sent.user_id and by_client.client_msg_id = sent.client_msg_id)
            """;
    // Exact, not incremented: a recount is right however often a batch is applied, and the partition's single
    // reader makes it race-free.
    private static final String RECOUNT = """
            with m as (
                update message.messages root
                set reply_count = thread.replies, last_reply_at = thread.last_reply_at
                from (select parent_id, count(*) as replies, max(created_at) as last_reply_at
                      from message.messages where parent_id = any(?::uuid[]) group by parent_id) thread
                where root.id = thread.parent_id
                returning root.id, root.room_id, root.user_id, root.content, root.type, root.is_edited,
                          root.created_at, root.updated_at, root.client_msg_id, root.command_id, root.parent_id,
                          root.reply_count, root.last_reply_at, root.attachment_id)
            select m.id, m.room_id, m.user_id, m.content, m.type, m.is_edited, m.created_at, m.updated_at,
                   m.client_msg_id, m.command_id, m.parent_id, m.reply_count, m.last_reply_at,
            """ + ATTACHMENT_COLUMNS + """
            from m
            """ + ATTACHMENT_JOIN;
    private static final String THREAD_PARENTS = """
            select id, room_id, coalesce(parent_id, id) as root_id from message.messages where id = any(?::uuid[])
            """;

    /** A valid draft, the command that carries it and the members it mentions. */
    public record NewMessage(MessageDraft draft, UUID commandId, List<UUID> mentions) {

        public NewMessage(MessageDraft draft, UUID commandId) {
            this(draft, commandId, List.of());
        }

        NewMessage mentioning(List<UUID> members) {
            return new NewMessage(draft, commandId, members);
        }
    }

    /**
     * What became of one new message: stored now, found stored before, or refused (a reused key). Found stored by
     * another command than this one (a client's retry with the same clientMsgId) is {@code resent}; found by this
     * command's own id, it is a redelivery of the command that stored it.
     */
    public record Outcome(MessagePayload message, ProblemException refused, boolean resent) {}

    private final AgroalDataSource dataSource;
    private final Counter stored;
    private final RoomSequences sequences;
    private final ReadMarkers markers;
    private final MentionStore mentions;

    public MessageStore(
            AgroalDataSource dataSource,
            MeterRegistry meters,
            RoomSequences sequences,
            ReadMarkers markers,
            MentionStore mentions) {
        this.dataSource = dataSource;
        this.sequences = sequences;
        this.markers = markers;
        this.mentions = mentions;
        this.stored = Counter.builder("chat.messages.stored")
                .description("messages committed")
                .register(meters);
    }

    /**
     * One outcome per message, in the same order. Must run inside a transaction. Each stored message gets its seq in
     * the room, its mentions, and moves its sender's read marker to itself (what you wrote, you have read).
     */
    public List<Outcome> storeAll(List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<MessagePayload> rows = new ArrayList<>(messages.size());
        for (NewMessage next : messages) {
            MessageDraft draft = next.draft();
            // PostgreSQL keeps microseconds: the event must show the same time that history will.
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            rows.add(new MessagePayload(
                    UuidV7.generate(),
                    draft.roomId(),
                    draft.userId(),
                    draft.content(),
                    draft.type(),
                    false,
                    now,
                    now,
                    draft.clientMsgId(),
                    next.mentions(),
                    null,
                    draft.parentId(),
                    0,
                    null,
                    null,
                    false,
                    null));
        }
        try (Connection connection = dataSource.getConnection()) {
            List<UUID> roomOfEach = rows.stream().map(MessagePayload::roomId).toList();
            long[] seqs = sequences.assign(connection, roomOfEach);
            Set<UUID> inserted = insert(connection, rows, messages, seqs);
            stored.increment(inserted.size());
            afterInsert(connection, rows, seqs, inserted);
            List<Integer> skipped = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (!inserted.contains(rows.get(i).id())) {
                    skipped.add(i);
                }
            }
            Existing existing = skipped.isEmpty() ? Existing.NONE : existing(connection, skipped, messages);
            List<Outcome> outcomes = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                outcomes.add(
                        inserted.contains(rows.get(i).id())
                                ? new Outcome(rows.get(i), null, false)
                                : existing.outcomeFor(messages.get(i)));
            }
            return outcomes;
        } catch (SQLException e) {
            throw new IllegalStateException("storing " + messages.size() + " messages failed", e);
        }
    }

    /** The rooms' counters, the mentions and the senders' read markers of the rows just inserted. */
    private void afterInsert(Connection connection, List<MessagePayload> rows, long[] seqs, Set<UUID> inserted)
            throws SQLException {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        boolean[] isNew = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rows.get(i).id();
            isNew[i] = inserted.contains(ids[i]);
        }
        sequences.stored(connection, rows.stream().map(MessagePayload::roomId).toList(), ids, seqs, isNew);
        List<MentionStore.Mention> mentioned = new ArrayList<>();
        List<ReadMarkers.Marker> read = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!isNew[i]) {
                continue;
            }
            MessagePayload row = rows.get(i);
            for (UUID member : row.mentions()) {
                mentioned.add(new MentionStore.Mention(row.id(), member, row.roomId(), seqs[i]));
            }
            read.add(new ReadMarkers.Marker(row.userId(), row.roomId(), row.id(), seqs[i]));
        }
        mentions.insert(connection, mentioned);
        markers.advance(connection, read);
    }

    private static Set<UUID> insert(
            Connection connection, List<MessagePayload> rows, List<NewMessage> messages, long[] seqs)
            throws SQLException {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        UUID[] rooms = new UUID[n];
        UUID[] users = new UUID[n];
        String[] contents = new String[n];
        String[] types = new String[n];
        Long[] micros = new Long[n];
        String[] clientMsgIds = new String[n];
        UUID[] commandIds = new UUID[n];
        Long[] seqValues = new Long[n];
        UUID[] attachmentIds = new UUID[n];
        UUID[] parentIds = new UUID[n];
        for (int i = 0; i < n; i++) {
            MessagePayload row = rows.get(i);
            ids[i] = row.id();
            rooms[i] = row.roomId();
            users[i] = row.userId();
            contents[i] = row.content();
            types[i] = row.type();
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, row.createdAt());
            clientMsgIds[i] = row.clientMsgId();
            commandIds[i] = messages.get(i).commandId();
            seqValues[i] = seqs[i];
            attachmentIds[i] = messages.get(i).draft().attachmentId();
            parentIds[i] = row.parentId();
        }
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(1, array(connection, "uuid", ids));
            insert.setArray(2, array(connection, "uuid", rooms));
            insert.setArray(3, array(connection, "uuid", users));
            insert.setArray(4, array(connection, "text", contents));
            insert.setArray(5, array(connection, "text", types));
            insert.setArray(6, array(connection, "int8", micros));
            insert.setArray(7, array(connection, "text", clientMsgIds));
            insert.setArray(8, array(connection, "uuid", commandIds));
            insert.setArray(9, array(connection, "int8", seqValues));
            insert.setArray(10, array(connection, "uuid", attachmentIds));
            insert.setArray(11, array(connection, "uuid", parentIds));
            try (ResultSet result = insert.executeQuery()) {
                while (result.next()) {
                    inserted.add(result.getObject(1, UUID.class));
                }
            }
        }
        return inserted;
    }

    /** The stored messages that the skipped rows ran into, by command id and by (sender, clientMsgId). */
    private Existing existing(Connection connection, List<Integer> skipped, List<NewMessage> messages)
            throws SQLException {
        List<UUID> commandIds = new ArrayList<>();
        List<UUID> senders = new ArrayList<>();
        List<String> clientMsgIds = new ArrayList<>();
        for (int i : skipped) {
            NewMessage next = messages.get(i);
            if (next.commandId() != null) {
                commandIds.add(next.commandId());
            }
            if (next.draft().clientMsgId() != null) {
                senders.add(next.draft().userId());
                clientMsgIds.add(next.draft().clientMsgId());
            }
        }
        Map<MessagePayload, UUID> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
            select.setArray(1, array(connection, "uuid", commandIds.toArray()));
            select.setArray(2, array(connection, "uuid", senders.toArray()));
            select.setArray(3, array(connection, "text", clientMsgIds.toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    MessagePayload message = payload(result);
                    found.put(message, result.getObject("command_id", UUID.class));
                }
            }
        }
        Map<UUID, List<UUID>> mentioned = mentions.of(
                connection, found.keySet().stream().map(MessagePayload::id).toList());
        Existing existing = new Existing(new HashMap<>(), new HashMap<>());
        found.forEach((row, commandId) -> {
            MessagePayload message = row.withMentions(mentioned.getOrDefault(row.id(), List.of()));
            if (commandId != null) {
                existing.byCommand().put(commandId, message);
            }
            if (message.clientMsgId() != null) {
                existing.byClientMsgId().put(new SenderKey(message.userId(), message.clientMsgId()), message);
            }
        });
        return existing;
    }

    /** Where a reply to each of {@code parentIds} goes: the parent's room and its thread's root, by parent id. */
    public Map<UUID, ThreadParent> threadParents(Set<UUID> parentIds) {
        Map<UUID, ThreadParent> parents = new HashMap<>();
        if (parentIds.isEmpty()) {
            return parents;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(THREAD_PARENTS)) {
            select.setArray(1, array(connection, "uuid", parentIds.toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    parents.put(
                            result.getObject("id", UUID.class),
                            new ThreadParent(
                                    result.getObject("room_id", UUID.class), result.getObject("root_id", UUID.class)));
                }
            }
            return parents;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the parents of replies failed", e);
        }
    }

    /** Sets each root's {@code replyCount} and {@code lastReplyAt} from its stored replies; the roots as now stored. */
    public List<MessagePayload> recountReplies(Set<UUID> roots) {
        List<MessagePayload> updated = new ArrayList<>();
        if (roots.isEmpty()) {
            return updated;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(RECOUNT)) {
            update.setArray(1, array(connection, "uuid", roots.toArray()));
            try (ResultSet result = update.executeQuery()) {
                while (result.next()) {
                    updated.add(payload(result));
                }
            }
            return updated;
        } catch (SQLException e) {
            throw new IllegalStateException("recounting thread replies failed", e);
        }
    }

    /** The room of a message replied to, and the root its replies attach to (itself unless it is a reply). */
    public record ThreadParent(UUID roomId, UUID rootId) {}

    /**
     * A row of {@code message.messages} (every column of the payload selected by name, and its attachment's
     * {@link #ATTACHMENT_COLUMNS}) as stored, without its mentions, reactions or pin (see {@link MessageViews}).
     */
    public static MessagePayload payload(ResultSet row) throws SQLException {
        OffsetDateTime lastReplyAt = row.getObject("last_reply_at", OffsetDateTime.class);
        return new MessagePayload(
                row.getObject("id", UUID.class),
                row.getObject("room_id", UUID.class),
                row.getObject("user_id", UUID.class),
                row.getString("content"),
                row.getString("type"),
                row.getBoolean("is_edited"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant(),
                row.getString("client_msg_id"),
                List.of(),
                attachment(row),
                row.getObject("parent_id", UUID.class),
                row.getInt("reply_count"),
                lastReplyAt == null ? null : lastReplyAt.toInstant(),
                null,
                false,
                null);
    }

    /** The attachment selected with {@link #ATTACHMENT_COLUMNS}, or null for a message without one. */
    private static AttachmentPayload attachment(ResultSet row) throws SQLException {
        Attachment attachment = Attachment.read(row, "att_");
        return attachment == null ? null : attachment.toPayload();
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private record SenderKey(UUID userId, String clientMsgId) {}

    private record Existing(Map<UUID, MessagePayload> byCommand, Map<SenderKey, MessagePayload> byClientMsgId) {

        static final Existing NONE = new Existing(Map.of(), Map.of());

        /** A redelivered command or a resent clientMsgId gets the stored message, if it is the same message. */
        Outcome outcomeFor(NewMessage next) {
            MessageDraft draft = next.draft();
            MessagePayload found = next.commandId() == null ? null : byCommand.get(next.commandId());
            boolean resent = found == null;
            if (found == null && draft.clientMsgId() != null) {
                found = byClientMsgId.get(new SenderKey(draft.userId(), draft.clientMsgId()));
            }
            if (found == null) {
                throw new IllegalStateException("a message was neither stored nor found; command " + next.commandId());
            }
            if (!found.roomId().equals(draft.roomId()) || !found.content().equals(draft.content())) {
                return new Outcome(
                        null,
                        ProblemException.conflictOnField("clientMsgId", "was already used for a different message"),
                        false);
            }
            return new Outcome(found, null, resent);
        }
    }
}
