package io.teamchat.message.message;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.message.attachments.Attachment;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A stored chat message. */
@Entity
@Table(name = "messages")
public class Message extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "room_id", nullable = false)
    public UUID roomId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String content;

    @Column(nullable = false)
    public String type;

    @Column(name = "is_edited", nullable = false)
    public boolean edited;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "client_msg_id")
    public String clientMsgId;

    /** The socket command that created it, null for REST sends. */
    @Column(name = "command_id")
    public UUID commandId;

    /** The file of a {@code file} or {@code image} message; set only by the send path (MessageStore). */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "attachment_id", insertable = false, updatable = false)
    public Attachment attachment;

    /** The thread root this message replies to; null for a message that is not a reply. */
    @Column(name = "parent_id")
    public UUID parentId;

    /** Replies to this message (a root), recounted exactly whenever one is stored. */
    @Column(name = "reply_count", nullable = false)
    public int replyCount;

    @Column(name = "last_reply_at")
    public Instant lastReplyAt;

    /** The stored state with its attachment, without mentions, reactions or pins (see {@code MessageViews}). */
    public MessagePayload toPayload() {
        return new MessagePayload(
                id,
                roomId,
                userId,
                content,
                type,
                edited,
                createdAt,
                updatedAt,
                clientMsgId,
                null,
                attachment == null ? null : attachment.toPayload(),
                parentId,
                replyCount,
                lastReplyAt,
                null,
                false,
                null);
    }
}
