package io.teamchat.message.readstate;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** A deleted room's read state goes with it: its counter, everyone's markers, its deleted positions. */
@ApplicationScoped
public class RoomReadStateCleanup {

    private static final String DELETE = """
            with counter as (delete from message.room_sequences where room_id = ?),
                 markers as (delete from message.read_markers where room_id = ?)
            delete from message.deleted_seqs where room_id = ?
            """;

    private final AgroalDataSource dataSource;

    public RoomReadStateCleanup(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inside the transaction that deletes the room's messages, before them: without the room's counter the delete
     * trigger does not remember their positions.
     */
    public void roomDeleted(UUID roomId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setObject(1, roomId);
            delete.setObject(2, roomId);
            delete.setObject(3, roomId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("deleting the read state of room " + roomId + " failed", e);
        }
    }
}
