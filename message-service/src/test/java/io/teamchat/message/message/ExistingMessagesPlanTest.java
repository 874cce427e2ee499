package io.teamchat.message.message;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The lookup of a batch's already stored messages (a client's retry, a redelivery) runs on every batch that holds
 * one, so it must find them by the unique keys' indexes, whatever the size of the table. A query that can only scan
 * the table took 125 ms at 330,000 messages and slowed the drain after a crash to a crawl.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class ExistingMessagesPlanTest {

    @Inject
    DataSource database;

    @Test
    void storedMessagesAreLookedUpByTheirUniqueKeysNeverByAScanOfAllMessages() throws Exception {
        String plan = plan();
        assertTrue(plan.contains("messages_command_id_key"), plan);
        assertTrue(plan.contains("messages_sender_client_msg_id_key"), plan);
        assertFalse(plan.contains("Seq Scan on messages"), plan);
    }

    /** The plan PostgreSQL chooses when scanning is a last resort (a test database is small enough to scan). */
    private String plan() throws Exception {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                connection.createStatement().execute("set local enable_seqscan = off");
                try (PreparedStatement explain = connection.prepareStatement("explain " + MessageStore.EXISTING)) {
                    explain.setArray(1, connection.createArrayOf("uuid", new Object[] {UUID.randomUUID()}));
                    explain.setArray(2, connection.createArrayOf("uuid", new Object[] {UUID.randomUUID()}));
                    explain.setArray(3, connection.createArrayOf("text", new Object[] {"client-1"}));
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet rows = explain.executeQuery()) {
                        while (rows.next()) {
                            plan.append(rows.getString(1)).append('\n');
                        }
                    }
                    return plan.toString();
                }
            } finally {
                connection.rollback();
            }
        }
    }
}
