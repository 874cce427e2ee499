package io.teamchat.message.attachments;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Stores an upload: type from the bytes, an image's size and thumbnail, the bytes into the {@link BlobStore} (streamed
 * from the request's temporary file), then the {@link Attachment} row. Before the bytes go out their keys are queued
 * for deletion an hour later, and the commit of the row takes them off the queue: a crash in between leaves nothing.
 */
@ApplicationScoped
public class AttachmentUploads {

    private static final Logger LOG = Logger.getLogger(AttachmentUploads.class);
    private static final int MAX_NAME_LENGTH = 255;

    private final BlobStore store;
    private final AttachmentsConfig config;
    private final AgroalDataSource dataSource;

    public AttachmentUploads(BlobStore store, AttachmentsConfig config, AgroalDataSource dataSource) {
        this.store = store;
        this.config = config;
        this.dataSource = dataSource;
    }

    public Attachment store(UUID roomId, UUID uploaderId, String clientName, Path file, long size) {
        if (size > config.maxSize().asLongValue()) {
            throw new ProblemException(Problems.tooLarge(tooLargeDetail()));
        }
        try {
            String contentType = ContentTypes.detect(file);
            ImageInspector.Inspection image = ContentTypes.isSafeImage(contentType)
                    ? ImageInspector.inspect(file, config.maxImagePixels(), config.thumbnailSize())
                    : ImageInspector.Inspection.NONE;
            Attachment attachment = new Attachment();
            attachment.id = UuidV7.generate();
            attachment.roomId = roomId;
            attachment.uploaderId = uploaderId;
            attachment.name = safeName(clientName);
            attachment.size = size;
            attachment.contentType = contentType;
            attachment.width = image.width();
            attachment.height = image.height();
            attachment.hasThumbnail = image.thumbnailPng() != null;
            attachment.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<String> keys = List.of(Attachment.blobKey(attachment.id), Attachment.thumbnailKey(attachment.id));
            queueInCaseOfCrash(keys);
            try (InputStream bytes = Files.newInputStream(file)) {
                store.put(Attachment.blobKey(attachment.id), bytes, size);
            }
            if (attachment.hasThumbnail) {
                byte[] png = image.thumbnailPng();
                store.put(Attachment.thumbnailKey(attachment.id), new ByteArrayInputStream(png), png.length);
            }
            QuarkusTransaction.requiringNew().run(() -> {
                attachment.persist();
                AttachmentDeletions.unqueue(dataSource, keys);
            });
            return attachment;
        } catch (IOException e) {
            LOG.warnf("storing an upload to room %s failed: %s", roomId, e.toString());
            throw new ProblemException(Problems.unavailable("The file could not be stored right now."));
        }
    }

    public String tooLargeDetail() {
        return "A file may be at most " + config.maxSize().asLongValue() + " bytes.";
    }

    private void queueInCaseOfCrash(List<String> keys) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement queue =
                        connection.prepareStatement("insert into message.attachment_deletions (blob_key, due_at)"
                                + " values (?, now() + interval '1 hour') on conflict do nothing")) {
            for (String key : keys) {
                queue.setString(1, key);
                queue.addBatch();
            }
            queue.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("queueing an upload's keys failed", e);
        }
    }

    /** The client's file name without any path, control characters or bidi tricks, at most 255 characters. */
    static String safeName(String clientName) {
        String name = clientName == null ? "" : clientName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "file";
        }
        return name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
                ? name.substring(0, name.offsetByCodePoints(0, MAX_NAME_LENGTH))
                : name;
    }
}
