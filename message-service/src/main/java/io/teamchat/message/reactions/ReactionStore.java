package io.teamchat.message.reactions;

import io.agroal.api.AgroalDataSource;
import io.teamchat.common.events.MessagePayload;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The {@code message.reactions} table: set-based reads and writes, one statement per call. */
@ApplicationScoped
public class ReactionStore {

    private static final String WHO_REACTED = """
            select message_id, emoji, user_id from message.reactions where message_id = any(?::uuid[])
            order by message_id, created_at, emoji
            """;
    private static final String COUNTS = """
            select message_id, emoji, count(*) as reactions, bool_or(user_id = ?) as mine
            from message.reactions where message_id = any(?::uuid[])
            group by message_id, emoji order by message_id, min(created_at), emoji
            """;
    private static final String ADD = """
            insert into message.reactions (message_id, emoji, user_id, created_at)
            select * from unnest(?::uuid[], ?::text[], ?::uuid[], ?::timestamptz[])
            on conflict do nothing
            """;
    private static final String REMOVE = """
            delete from message.reactions
            where (message_id, emoji, user_id) in (select * from unnest(?::uuid[], ?::text[], ?::uuid[]))
            """;

    /** One user's reaction with one emoji on one message. */
    public record Key(UUID messageId, String emoji, UUID userId) {}

    private final AgroalDataSource dataSource;

    public ReactionStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Per message, per emoji (in the order first used), who reacted with it. */
    public Map<UUID, Map<String, Set<UUID>>> reactors(Collection<UUID> messageIds) {
        Map<UUID, Map<String, Set<UUID>>> reactors = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(WHO_REACTED)) {
            select.setArray(1, connection.createArrayOf("uuid", messageIds.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    reactors.computeIfAbsent(row.getObject("message_id", UUID.class), id -> new LinkedHashMap<>())
                            .computeIfAbsent(row.getString("emoji"), emoji -> new LinkedHashSet<>())
                            .add(row.getObject("user_id", UUID.class));
                }
            }
            return reactors;
        } catch (SQLException e) {
            throw new IllegalStateException("reading reactions failed", e);
        }
    }

    /** Inside the caller's transaction: adds and removes as given (each key at most once in either). */
    public void apply(Collection<Key> added, Collection<Key> removed, Instant at) {
        try (Connection connection = dataSource.getConnection()) {
            if (!added.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(ADD)) {
                    insert.setArray(1, connection.createArrayOf("uuid", column(added, Key::messageId)));
                    insert.setArray(2, connection.createArrayOf("text", column(added, Key::emoji)));
                    insert.setArray(3, connection.createArrayOf("uuid", column(added, Key::userId)));
                    OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
                    insert.setArray(4, connection.createArrayOf("timestamptz", column(added, key -> time)));
                    insert.executeUpdate();
                }
            }
            if (!removed.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(REMOVE)) {
                    delete.setArray(1, connection.createArrayOf("uuid", column(removed, Key::messageId)));
                    delete.setArray(2, connection.createArrayOf("text", column(removed, Key::emoji)));
                    delete.setArray(3, connection.createArrayOf("uuid", column(removed, Key::userId)));
                    delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing reactions failed", e);
        }
    }

    /** Per message, its reactions as {@code viewer} sees them (no viewer: {@code me} is false); one query. */
    public Map<UUID, List<MessagePayload.Reaction>> counts(Collection<UUID> messageIds, UUID viewer) {
        Map<UUID, List<MessagePayload.Reaction>> counts = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(COUNTS)) {
            select.setObject(1, viewer);
            select.setArray(2, connection.createArrayOf("uuid", messageIds.toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    counts.computeIfAbsent(row.getObject("message_id", UUID.class), id -> new ArrayList<>())
                            .add(new MessagePayload.Reaction(
                                    row.getString("emoji"), row.getInt("reactions"), row.getBoolean("mine")));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("counting reactions failed", e);
        }
    }

    private static Object[] column(Collection<Key> keys, java.util.function.Function<Key, Object> field) {
        return keys.stream().map(field).toArray();
    }
}
