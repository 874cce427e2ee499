package io.teamchat.message.attachments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.teamchat.common.events.AttachmentPayload;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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
