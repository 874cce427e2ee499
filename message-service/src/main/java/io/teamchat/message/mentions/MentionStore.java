package io.teamchat.message.mentions;

import io.agroal.api.AgroalDataSource;
import io.teamchat.common.events.MessagePayload;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Who each message mentions, stored with the message and deleted with it (docs/conversation.md, "Mentions"). */
@ApplicationScoped
public class MentionStore {

    /** One mentioned member of one message at its seq in the room. */
    public record Mention(UUID messageId, UUID userId, UUID roomId, long seq) {}

    private static final String INSERT = """
            insert into message.mentions (message_id, user_id, room_id, seq)
            select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[])
            on conflict do nothing
            """;
    private static final String OF_MESSAGES = """
            select message_id, user_id from message.mentions where message_id = any(?::uuid[])
            order by message_id, user_id
            """;

    private final AgroalDataSource dataSource;

    public MentionStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The messages with their mentions filled in, with one query (for history pages). */
    public List<MessagePayload> withMentions(List<MessagePayload> messages) {
        if (messages.isEmpty()) {
            return messages;
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<UUID, List<UUID>> mentioned =
                    of(connection, messages.stream().map(MessagePayload::id).toList());
            return messages.stream()
                    .map(m -> m.withMentions(mentioned.getOrDefault(m.id(), List.of())))
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException("reading the mentions of " + messages.size() + " messages failed", e);
        }
    }

    /** Inside the caller's transaction, after the messages themselves. */
    public void insert(Connection connection, List<Mention> mentions) throws SQLException {
        if (mentions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid", mentions.stream().map(Mention::messageId).toArray()));
            insert.setArray(
                    2,
                    connection.createArrayOf(
                            "uuid", mentions.stream().map(Mention::userId).toArray()));
            insert.setArray(
                    3,
                    connection.createArrayOf(
                            "uuid", mentions.stream().map(Mention::roomId).toArray()));
            insert.setArray(
                    4,
                    connection.createArrayOf(
                            "int8", mentions.stream().map(Mention::seq).toArray()));
            insert.executeUpdate();
        }
    }

    /** The mentioned users of each of these messages (messages without any are left out), in one query. */
    public Map<UUID, List<UUID>> of(Connection connection, Collection<UUID> messageIds) throws SQLException {
        Map<UUID, List<UUID>> mentioned = new HashMap<>();
        if (messageIds.isEmpty()) {
            return mentioned;
        }
        try (PreparedStatement select = connection.prepareStatement(OF_MESSAGES)) {
            select.setArray(1, connection.createArrayOf("uuid", messageIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    mentioned
                            .computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(rows.getObject(2, UUID.class));
                }
            }
        }
        return mentioned;
    }
}
