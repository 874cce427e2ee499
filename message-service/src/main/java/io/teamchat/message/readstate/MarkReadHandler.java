package io.teamchat.message.readstate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MarkReadCommand;
import io.teamchat.common.events.RoomRead;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.command.CommandBatch;
import io.teamchat.message.command.CommandHandler;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code room.mark-read}: moves the user's read marker in the room forward to a message of that room, on the room's
 * partition (so ordered with its messages). A marker never moves back: of two devices racing, the one that read
 * further wins, whatever order their commands arrive in. Each command is answered with {@code room.read} carrying
 * the marker as it then is (which every socket of the user hears), or refused: 404 when the user may not read the
 * room or the message is not in it.
 */
@ApplicationScoped
public class MarkReadHandler implements CommandHandler {

    private static final Logger LOG = Logger.getLogger(MarkReadHandler.class);

    private static final String SEQS = """
            select id, room_id, seq from message.messages where id = any(?::uuid[])
            """;
    private static final String MARKERS = """
            select m.user_id, m.room_id, m.last_read_id, m.last_read_seq
            from message.read_markers m
            join unnest(?::uuid[], ?::uuid[]) as q(user_id, room_id)
              on m.user_id = q.user_id and m.room_id = q.room_id
            """;

    private final AgroalDataSource dataSource;
    private final RoomAccess access;
    private final ReadMarkers markers;
    private final ObjectMapper mapper;

    public MarkReadHandler(AgroalDataSource dataSource, RoomAccess access, ReadMarkers markers, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.access = access;
        this.markers = markers;
        this.mapper = mapper;
    }

    @Override
    public EventType type() {
        return EventType.ROOM_MARK_READ;
    }

    @Override
    public void apply(List<EventEnvelope> commands, CommandBatch batch) {
        List<MarkReadCommand> parsed = new ArrayList<>();
        for (EventEnvelope envelope : commands) {
            try {
                MarkReadCommand command = envelope.dataAs(MarkReadCommand.class, mapper);
                if (command.commandId() != null
                        && command.userId() != null
                        && command.roomId() != null
                        && command.messageId() != null) {
                    parsed.add(command);
                    continue;
                }
            } catch (IllegalArgumentException e) {
                // handled below
            }
            LOG.warnf("skipping malformed room.mark-read %s", envelope.id());
        }
        if (parsed.isEmpty()) {
            return;
        }
        List<MembershipCache.Question> questions = parsed.stream()
                .map(c -> new MembershipCache.Question(c.roomId(), c.userId(), c.userIsAdmin(), RoomAction.READ))
                .toList();
        List<Decision> decisions = access.decideAll(questions);
        try (Connection connection = dataSource.getConnection()) {
            Map<UUID, Position> positions = positions(connection, parsed);
            Map<List<UUID>, Position> current = currentMarkers(connection, parsed);
            List<ReadMarkers.Marker> moves = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                MarkReadCommand command = parsed.get(i);
                if (!decisions.get(i).allowed()) {
                    batch.reject(command.commandId(), command.userId(), RoomAccess.problemFor(decisions.get(i)));
                    continue;
                }
                Position read = positions.get(command.messageId());
                if (read == null || !read.roomId().equals(command.roomId())) {
                    batch.reject(
                            command.commandId(),
                            command.userId(),
                            ProblemException.notFound("No such message in this room."));
                    continue;
                }
                List<UUID> key = List.of(command.userId(), command.roomId());
                Position before = current.get(key);
                Position after = before != null && before.seq() >= read.seq() ? before : read;
                current.put(key, after);
                moves.add(new ReadMarkers.Marker(command.userId(), command.roomId(), after.messageId(), after.seq()));
                batch.publish(
                        EventType.ROOM_READ,
                        new RoomRead(command.userId(), command.roomId(), after.messageId(), command.commandId()));
            }
            markers.advance(connection, moves);
        } catch (SQLException e) {
            throw new IllegalStateException("marking " + parsed.size() + " rooms read failed", e);
        }
    }

    /** A message's place: its room and seq. */
    private record Position(UUID messageId, UUID roomId, long seq) {}

    private static Map<UUID, Position> positions(Connection connection, List<MarkReadCommand> commands)
            throws SQLException {
        Map<UUID, Position> positions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SEQS)) {
            select.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid",
                            commands.stream().map(MarkReadCommand::messageId).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    positions.put(id, new Position(id, rows.getObject(2, UUID.class), rows.getLong(3)));
                }
            }
        }
        return positions;
    }

    private static Map<List<UUID>, Position> currentMarkers(Connection connection, List<MarkReadCommand> commands)
            throws SQLException {
        Map<List<UUID>, Position> markers = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(MARKERS)) {
            select.setArray(
                    1,
                    connection.createArrayOf(
                            "uuid",
                            commands.stream().map(MarkReadCommand::userId).toArray()));
            select.setArray(
                    2,
                    connection.createArrayOf(
                            "uuid",
                            commands.stream().map(MarkReadCommand::roomId).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    UUID room = rows.getObject(2, UUID.class);
                    markers.put(
                            List.of(rows.getObject(1, UUID.class), room),
                            new Position(rows.getObject(3, UUID.class), room, rows.getLong(4)));
                }
            }
        }
        return markers;
    }
}
