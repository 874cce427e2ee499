package io.teamchat.message.attachments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.teamchat.common.events.AttachmentPayload;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An uploaded file's description; its bytes are in the {@link BlobStore} under {@link #blobKey(UUID)}. */
@Entity
@Table(name = "attachments")
public class Attachment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "room_id", nullable = false)
    public UUID roomId;

    @Column(name = "uploader_id", nullable = false)
    public UUID uploaderId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public long size;

    /** Detected from the bytes at upload. */
    @Column(name = "content_type", nullable = false)
    public String contentType;

    public Integer width;

    public Integer height;

    @Column(name = "has_thumbnail", nullable = false)
    public boolean hasThumbnail;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * The attachment a query selected, each column named {@code prefix} followed by the column's own name (id,
     * room_id, uploader_id, name, size, content_type, width, height, has_thumbnail, created_at); null when its id is
     * null (a message without an attachment, through a left join).
     */
    public static Attachment read(ResultSet row, String prefix) throws SQLException {
        UUID id = row.getObject(prefix + "id", UUID.class);
        if (id == null) {
            return null;
        }
        Attachment a = new Attachment();
        a.id = id;
        a.roomId = row.getObject(prefix + "room_id", UUID.class);
        a.uploaderId = row.getObject(prefix + "uploader_id", UUID.class);
        a.name = row.getString(prefix + "name");
        a.size = row.getLong(prefix + "size");
        a.contentType = row.getString(prefix + "content_type");
        a.width = row.getObject(prefix + "width", Integer.class);
        a.height = row.getObject(prefix + "height", Integer.class);
        a.hasThumbnail = row.getBoolean(prefix + "has_thumbnail");
        a.createdAt = row.getObject(prefix + "created_at", OffsetDateTime.class).toInstant();
        return a;
    }

    public static String blobKey(UUID id) {
        return id.toString();
    }

    public static String thumbnailKey(UUID id) {
        return id + "/thumbnail";
    }

    public static String url(UUID id) {
        return "/api/attachments/" + id;
    }

    public AttachmentPayload toPayload() {
        return new AttachmentPayload(
                id, name, size, contentType, url(id), width, height, hasThumbnail ? url(id) + "/thumbnail" : null);
    }
}
