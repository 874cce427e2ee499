package io.teamchat.message.readstate;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A user's unread and mention counts in many rooms with one query and no scan of any room's history: unread is the
 * room's last seq minus the seq read, less the deleted messages after it; mentions are counted from the index of the
 * user's mentions after the marker. Where the user joined after their marker (or has none), the messages from before
 * they joined count as read: the seq of the last message before {@code joinedAt} is found with one index probe.
 */
@ApplicationScoped
public class ReadCounts {

    /** A room asked about, with when the user joined it (null: unknown, nothing counts as read before a marker). */
    public record Room(UUID roomId, Instant joinedAt) {}

    /** The user's read state in one room. */
    public record RoomReadState(UUID roomId, UUID lastReadId, long unreadCount, long mentionCount) {}

    static final String COUNTS = """
            select r.room_id, r.last_read_id,
                   r.last_seq - r.read_seq
                       - (select count(*) from message.deleted_seqs d where d.room_id = r.room_id and d.seq > r.read_seq)
                       as unread,
                   (select count(*) from message.mentions x
                    where x.user_id = ? and x.room_id = r.room_id and x.seq > r.read_seq) as mentions
            from (select q.room_id, m.last_read_id, coalesce(s.last_seq, 0) as last_seq,
                         case when q.joined_bound is null or m.last_read_id >= q.joined_bound
                              then coalesce(m.last_read_seq, 0)
                              -- joined after the marker (or no marker): the last message before the join, one probe
                              else greatest(coalesce(m.last_read_seq, 0),
                                            coalesce((select x.seq from message.messages x
                                                      where x.room_id = q.room_id and x.id < q.joined_bound
                                                      order by x.id desc limit 1), 0))
                         end as read_seq
                  from unnest(?::uuid[], ?::uuid[]) with ordinality as q(room_id, joined_bound, ord)
                  left join message.room_sequences s on s.room_id = q.room_id
                  left join message.read_markers m on m.user_id = ? and m.room_id = q.room_id
                  order by q.ord) r
            """;

    private final AgroalDataSource dataSource;

    public ReadCounts(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One entry per room, in the order asked. */
    public List<RoomReadState> of(UUID userId, List<Room> rooms) {
        List<RoomReadState> states = new ArrayList<>(rooms.size());
        if (rooms.isEmpty()) {
            return states;
        }
        UUID[] roomIds = rooms.stream().map(Room::roomId).toArray(UUID[]::new);
        // Message ids are UUIDv7: every message sent before the join has an id below this one.
        UUID[] bounds = rooms.stream()
                .map(room -> room.joinedAt() == null ? null : firstIdAt(room.joinedAt()))
                .toArray(UUID[]::new);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(COUNTS)) {
            select.setObject(1, userId);
            select.setArray(2, connection.createArrayOf("uuid", roomIds));
            select.setArray(3, connection.createArrayOf("uuid", bounds));
            select.setObject(4, userId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.add(new RoomReadState(
                            rows.getObject(1, UUID.class),
                            rows.getObject(2, UUID.class),
                            Math.max(0, rows.getLong(3)),
                            rows.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the read state of " + rooms.size() + " rooms failed", e);
        }
        return states;
    }

    /** The smallest UUIDv7 of this millisecond (version 7, variant bits set, random bits zero). */
    static UUID firstIdAt(Instant at) {
        return new UUID((at.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0000L);
    }
}
