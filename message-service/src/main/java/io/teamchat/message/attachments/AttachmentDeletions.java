package io.teamchat.message.attachments;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Deletes files after commit, retried until done. Whatever deletes an attachment row (a deleted message, a deleted
 * room, an upload never attached) queues its blob keys in {@code attachment_deletions} in the same transaction
 * (database triggers, migration V4); this job deletes the queued blobs from the store and then their queue rows. A
 * failed store delete leaves the row for the next run; deleting a blob twice is harmless, so replicas may overlap
 * (rows are taken with SKIP LOCKED anyway).
 */
@ApplicationScoped
public class AttachmentDeletions {

    private static final Logger LOG = Logger.getLogger(AttachmentDeletions.class);

    private final BlobStore store;
    private final AgroalDataSource dataSource;
    private final AttachmentsConfig config;

    public AttachmentDeletions(BlobStore store, AgroalDataSource dataSource, AttachmentsConfig config) {
        this.store = store;
        this.dataSource = dataSource;
        this.config = config;
    }

    /** A deleted room's uploads that no message carries (those went with their messages). In the caller's transaction. */
    public void roomDeleted(UUID roomId) {
        Attachment.delete("roomId", roomId);
    }

    @Scheduled(
            every = "${chat.attachments.cleanup-interval}",
            delayed = "${chat.attachments.cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warnf("attachment cleanup failed, retried next run: %s", e.toString());
        }
    }

    /** Abandons old unattached uploads, then deletes every due blob; returns how many blobs were deleted. */
    public int drain() {
        QuarkusTransaction.requiringNew().run(this::abandonOldUploads);
        int deleted = 0;
        int taken;
        do {
            int[] done = {0};
            taken = QuarkusTransaction.requiringNew().call(() -> {
                List<String> due = takeDue(config.cleanupBatch());
                List<String> gone = new ArrayList<>();
                for (String key : due) {
                    try {
                        store.delete(key);
                        gone.add(key);
                    } catch (IOException e) {
                        LOG.warnf("deleting blob %s failed, retried later: %s", key, e.toString());
                    }
                }
                unqueue(dataSource, gone);
                done[0] = gone.size();
                return due.size() == gone.size() ? due.size() : 0; // stop early when the store fails
            });
            deleted += done[0];
        } while (taken == config.cleanupBatch());
        return deleted;
    }

    /** Uploads no message carries after {@code abandon-after}; their delete trigger queues their blobs. */
    private void abandonOldUploads() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from message.attachments a"
                        + " where a.created_at < now() - make_interval(secs => ?) and not exists"
                        + " (select 1 from message.messages m where m.attachment_id = a.id)")) {
            delete.setLong(1, config.abandonAfter().toSeconds());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("deleting abandoned uploads failed", e);
        }
    }

    private List<String> takeDue(int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select blob_key from"
                        + " message.attachment_deletions where due_at <= now() order by due_at limit ?"
                        + " for update skip locked")) {
            select.setInt(1, limit);
            List<String> keys = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the deletion queue failed", e);
        }
    }

    /** Takes keys off the queue, in the caller's transaction. */
    static void unqueue(AgroalDataSource dataSource, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "delete from message.attachment_deletions where blob_key = any(?)")) {
            delete.setArray(1, connection.createArrayOf("text", keys.toArray()));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("updating the deletion queue failed", e);
        }
    }
}
