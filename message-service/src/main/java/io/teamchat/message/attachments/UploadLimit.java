package io.teamchat.message.attachments;

import io.quarkus.runtime.StartupEvent;
import io.teamchat.common.problem.Problems;
import io.teamchat.message.http.BodyLimit;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The size limit of uploads, before a byte of the body is read: a {@code Content-Length} above the limit (plus room
 * for the multipart envelope) is a 413 from the headers alone. A body without a length is counted while it is
 * written to the temporary file, by the HTTP layer's {@code quarkus.http.limits.max-body-size}, whose 413 is turned
 * into problem details here; the exact file size is checked again before anything is stored.
 */
@ApplicationScoped
public class UploadLimit {

    private static final Logger LOG = Logger.getLogger(UploadLimit.class);

    /** Multipart boundaries and part headers around the file. */
    static final long ENVELOPE_BYTES = 64 * 1024;

    private final AttachmentsConfig config;
    private final AttachmentUploads uploads;
    private final long maxBodySize;

    public UploadLimit(
            AttachmentsConfig config,
            AttachmentUploads uploads,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size")
                    io.quarkus.runtime.configuration.MemorySize maxBody) {
        this.config = config;
        this.uploads = uploads;
        this.maxBodySize = maxBody.asLongValue();
    }

    void checkSettings(@Observes StartupEvent started) {
        if (maxBodySize < config.maxSize().asLongValue() + ENVELOPE_BYTES) {
            LOG.warnf(
                    "ATTACHMENT_MAX_REQUEST_SIZE (%d bytes) is below ATTACHMENT_MAX_SIZE (%d) plus the multipart"
                            + " envelope: files near the limit are refused",
                    maxBodySize, config.maxSize().asLongValue());
        }
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::check).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        if (!BodyLimit.UPLOADS.matcher(context.normalizedPath()).matches()) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > config.maxSize().asLongValue() + ENVELOPE_BYTES) {
                    BodyLimit.refuse(context, Problems.tooLarge(uploads.tooLargeDetail()));
                    return;
                }
            } catch (NumberFormatException e) {
                BodyLimit.refuse(context, Problems.badRequest("The Content-Length header is not a number."));
                return;
            }
        }
        context.next();
    }

    private void failed(RoutingContext context) {
        if (context.statusCode() == 413
                && BodyLimit.UPLOADS.matcher(context.normalizedPath()).matches()
                && !context.response().headWritten()) {
            BodyLimit.refuse(context, Problems.tooLarge(uploads.tooLargeDetail()));
        } else {
            context.next();
        }
    }
}
