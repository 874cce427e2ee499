package io.teamchat.message.http;

import io.teamchat.common.messages.MessageRules;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.Problems;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Refuses a request body over {@link MessageRules#MAX_PAYLOAD_BYTES} from its headers alone, before anything
 * reads or parses it: a 9 MiB message of spaces never reaches memory. Only attachment uploads are bigger (they
 * have their own limit). A body of unknown length (chunked) on these paths is a 411, since its size cannot be
 * known before reading it.
 */
@ApplicationScoped
public class BodyLimit {

    /** Attachment uploads: limited by attachments/UploadLimit instead. */
    public static final Pattern UPLOADS = Pattern.compile("^/api/rooms/[^/]+/attachments/?$");

    void install(@Observes Router router) {
        // Before every other route, so before RESTEasy reads a byte of the body.
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpMethod method = context.request().method();
        boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        if (!hasBody || UPLOADS.matcher(context.normalizedPath()).matches()) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
                context.next(); // no body at all
            } else {
                refuse(context, Problems.of(411, "Send the body with a Content-Length."));
            }
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(context, Problems.badRequest("The Content-Length header is not a number."));
            return;
        }
        if (MessageRules.payloadTooLarge(bytes)) {
            refuse(context, Problems.tooLarge(MessageRules.tooLargeDetail()));
        } else {
            context.next();
        }
    }

    public static void refuse(RoutingContext context, Problem problem) {
        // The unread body is discarded with the connection, never parsed.
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(problem.withInstance(context.normalizedPath())));
    }
}
