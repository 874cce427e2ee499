package io.teamchat.message.pins;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code message.pins} table. */
@ApplicationScoped
public class PinStore {

    /** The most pins {@code GET /api/rooms/{id}/pins} lists (newest first). */
    static final int MAX_LISTED = 200;

    private final AgroalDataSource dataSource;

    public PinStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Who pinned each of the messages that are pinned. */
    public Map<UUID, UUID> pinnedBy(Collection<UUID> messageIds) {
        Map<UUID, UUID> pinned = new HashMap<>();
        query(
                "select message_id, pinned_by from message.pins where message_id = any(?::uuid[])",
                messageIds.toArray(),
                row -> pinned.put(row.getObject(1, UUID.class), row.getObject(2, UUID.class)));
        return pinned;
    }

    /** The room's pinned messages, newest pin first. */
    public List<UUID> pinsOf(UUID roomId) {
        List<UUID> ids = new ArrayList<>();
        query(
                "select message_id from message.pins where room_id = ?::uuid order by pinned_at desc, message_id limit "
                        + MAX_LISTED,
                roomId,
                row -> ids.add(row.getObject(1, UUID.class)));
        return ids;
    }

    /** Inside the caller's transaction; pinning a pinned message keeps the first pin. */
    public void pin(UUID messageId, UUID roomId, UUID userId, Instant at) {
        update(
                "insert into message.pins (message_id, room_id, pinned_by, pinned_at) values (?, ?, ?, ?)"
                        + " on conflict do nothing",
                messageId,
                roomId,
                userId,
                at.atOffset(ZoneOffset.UTC));
    }

    public void unpin(UUID messageId) {
        update("delete from message.pins where message_id = ?", messageId);
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Object parameter, RowReader reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(
                    1, parameter instanceof Object[] values ? connection.createArrayOf("uuid", values) : parameter);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    reader.read(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading pins failed", e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("changing a pin failed", e);
        }
    }
}
