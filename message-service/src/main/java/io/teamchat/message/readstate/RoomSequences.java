package io.teamchat.message.readstate;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every message's position in its room ({@code seq}: 1, 2, 3, ... without gaps), so unread counts are a subtraction
 * (docs/conversation.md, "Read state"). Only the room's partition reader stores messages, so the numbers follow send
 * order; the counter row is locked anyway, so nothing else can ever interleave.
 */
@ApplicationScoped
public class RoomSequences {

    private static final String LOCK = """
            select room_id, last_seq from message.room_sequences where room_id = any(?::uuid[]) for update
            """;
    private static final String ADVANCE = """
            insert into message.room_sequences (room_id, last_seq)
            select * from unnest(?::uuid[], ?::bigint[])
            on conflict (room_id) do update set last_seq = excluded.last_seq
            """;
    private static final String RENUMBER = """
            update message.messages m set seq = u.seq
            from unnest(?::uuid[], ?::bigint[]) as u(id, seq)
            where m.id = u.id
            """;

    /** The seq each new message would get, in order: after its room's last, one by one. Locks the rooms' rows. */
    public long[] assign(Connection connection, List<UUID> roomOfEach) throws SQLException {
        Map<UUID, Long> last = new HashMap<>();
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            lock.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid", roomOfEach.stream().distinct().toArray()));
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    last.put(rows.getObject(1, UUID.class), rows.getLong(2));
                }
            }
        }
        long[] seqs = new long[roomOfEach.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = last.merge(roomOfEach.get(i), 1L, Long::sum);
        }
        return seqs;
    }

    /**
     * After the insert: each room's counter moves to its last stored message. Rows the insert skipped (a retried
     * command's message, already stored) must leave no gap, so messages stored after one of them in the same batch
     * are renumbered (rare: only a retry mixed with new messages of the same room does it). {@code seqs} is updated.
     */
    public void stored(Connection connection, List<UUID> roomOfEach, UUID[] ids, long[] seqs, boolean[] inserted)
            throws SQLException {
        // Per room, the seq the next stored message takes: from the first one handed out in this batch.
        Map<UUID, Long> next = new HashMap<>();
        Set<UUID> storedIn = new HashSet<>();
        List<UUID> renumbered = new ArrayList<>();
        List<Long> renumberedSeqs = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            UUID room = roomOfEach.get(i);
            long assigned = seqs[i];
            long expected = next.computeIfAbsent(room, r -> assigned);
            if (!inserted[i]) {
                continue;
            }
            if (seqs[i] != expected) {
                seqs[i] = expected;
                renumbered.add(ids[i]);
                renumberedSeqs.add(expected);
            }
            next.put(room, expected + 1);
            storedIn.add(room);
        }
        if (!renumbered.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(RENUMBER)) {
                update.setArray(1, connection.createArrayOf("uuid", renumbered.toArray()));
                update.setArray(2, connection.createArrayOf("int8", renumberedSeqs.toArray()));
                update.executeUpdate();
            }
        }
        List<UUID> rooms = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        for (UUID room : storedIn) {
            rooms.add(room);
            lasts.add(next.get(room) - 1);
        }
        if (!rooms.isEmpty()) {
            try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
                advance.setArray(1, connection.createArrayOf("uuid", rooms.toArray()));
                advance.setArray(2, connection.createArrayOf("int8", lasts.toArray()));
                advance.executeUpdate();
            }
        }
    }
}
