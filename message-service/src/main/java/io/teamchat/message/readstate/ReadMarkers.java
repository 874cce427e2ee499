package io.teamchat.message.readstate;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Each user's read marker per room, which only ever moves forward (docs/conversation.md, "Read state"). */
@ApplicationScoped
public class ReadMarkers {

    /** A marker to set: the message read up to and its seq in the room. */
    public record Marker(UUID userId, UUID roomId, UUID messageId, long seq) {}

    private static final String ADVANCE = """
            insert into message.read_markers as m (user_id, room_id, last_read_id, last_read_seq)
            select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[])
            on conflict (user_id, room_id) do update
                set last_read_id = excluded.last_read_id, last_read_seq = excluded.last_read_seq
                where m.last_read_seq < excluded.last_read_seq
            """;
    /**
     * Moves each marker forward to its message; one behind the stored marker changes nothing. Several markers of one
     * user and room: the furthest counts. Inside the caller's transaction.
     */
    public void advance(Connection connection, List<Marker> markers) throws SQLException {
        if (markers.isEmpty()) {
            return;
        }
        // One row per (user, room) in one statement: ON CONFLICT cannot touch a row twice.
        Map<List<UUID>, Marker> furthest = new LinkedHashMap<>();
        for (Marker marker : markers) {
            furthest.merge(List.of(marker.userId(), marker.roomId()), marker, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        List<Marker> rows = List.copyOf(furthest.values());
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            advance.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid", rows.stream().map(Marker::userId).toArray()));
            advance.setArray(
                    2,
                    connection.createArrayOf(
                            "uuid", rows.stream().map(Marker::roomId).toArray()));
            advance.setArray(
                    3,
                    connection.createArrayOf(
                            "uuid", rows.stream().map(Marker::messageId).toArray()));
            advance.setArray(
                    4,
                    connection.createArrayOf(
                            "int8", rows.stream().map(Marker::seq).toArray()));
            advance.executeUpdate();
        }
    }
}
