package io.teamchat.message.attachments;

import io.agroal.api.AgroalDataSource;
import io.teamchat.common.events.AttachmentPayload;
import io.teamchat.common.problem.ProblemException;
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
 * Whether new messages may carry the uploads they name: only the uploader may attach an upload, to a message in the
 * upload's room, once (also enforced by a unique index on {@code messages.attachment_id}); an {@code image} message
 * needs an image the server could read. A retried send (same command, or same sender and clientMsgId) finds its
 * upload attached to its own message, which is allowed. One query for a whole batch, in the caller's transaction.
 */
@ApplicationScoped
public class AttachmentClaims {

    private static final String FIND = """
            select a.id, a.room_id, a.uploader_id, a.name, a.size, a.content_type, a.width, a.height, a.has_thumbnail,
                   a.created_at, m.command_id, m.user_id, m.client_msg_id
            from message.attachments a left join message.messages m on m.attachment_id = a.id
            where a.id = any(?)
            """;

    /** A message about to be stored that names an upload. */
    public record Claim(
            UUID attachmentId, String messageType, UUID roomId, UUID userId, UUID commandId, String clientMsgId) {}

    /** The attachment as the message will show it, or why the message is refused. */
    public record Verdict(AttachmentPayload attachment, ProblemException refused) {}

    private final AgroalDataSource dataSource;

    public AttachmentClaims(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One verdict per claim, in order; a second claim of one upload in the same batch is refused. */
    public List<Verdict> check(List<Claim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        Map<UUID, Row> rows =
                find(claims.stream().map(Claim::attachmentId).distinct().toList());
        Set<UUID> claimed = new HashSet<>();
        List<Verdict> verdicts = new ArrayList<>(claims.size());
        for (Claim claim : claims) {
            verdicts.add(verdict(claim, rows.get(claim.attachmentId()), claimed));
        }
        return verdicts;
    }

    private static Verdict verdict(Claim claim, Row row, Set<UUID> claimed) {
        if (row == null
                || !row.attachment().uploaderId.equals(claim.userId())
                || !row.attachment().roomId.equals(claim.roomId())) {
            return refused(ProblemException.invalidField("attachmentId", "must be an upload of yours in this room"));
        }
        if (claim.messageType().equals("image") && !ContentTypes.isSafeImage(row.attachment().contentType)) {
            return refused(ProblemException.invalidField("type", "image is only for image files; use file"));
        }
        boolean retry = row.usedByCommand() != null && row.usedByCommand().equals(claim.commandId())
                || claim.clientMsgId() != null
                        && claim.userId().equals(row.usedByUser())
                        && claim.clientMsgId().equals(row.usedByClientMsgId());
        boolean taken = row.usedByUser() != null && !retry;
        if (taken || !claimed.add(claim.attachmentId())) {
            return refused(ProblemException.conflictOnField("attachmentId", "is already attached to a message"));
        }
        return new Verdict(row.attachment().toPayload(), null);
    }

    private static Verdict refused(ProblemException problem) {
        return new Verdict(null, problem);
    }

    private Map<UUID, Row> find(List<UUID> ids) {
        Map<UUID, Row> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(FIND)) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    Attachment a = Attachment.read(result, "");
                    rows.put(
                            a.id,
                            new Row(
                                    a,
                                    result.getObject("command_id", UUID.class),
                                    result.getObject("user_id", UUID.class),
                                    result.getString("client_msg_id")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("looking up " + ids.size() + " attachments failed", e);
        }
        return rows;
    }

    /** An upload and the message that carries it, if any. */
    private record Row(Attachment attachment, UUID usedByCommand, UUID usedByUser, String usedByClientMsgId) {}
}
