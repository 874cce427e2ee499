package io.teamchat.message.attachments;

import io.quarkus.security.Authenticated;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.room.RoomAccess;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Uploads ({@code POST /api/rooms/{id}/attachments}, multipart, part {@code file}) and downloads of attachments, for
 * members of the room only (others get 404, as for the room itself). Quarkus REST streams the upload to a temporary
 * file (never into the heap), {@link UploadLimit} refuses oversized requests before that, and the bytes are streamed
 * from the file to the store and from the store to the client.
 */
@Path("/api")
@Authenticated
public class AttachmentResource {

    private static final String NOSNIFF = "X-Content-Type-Options";

    private final AttachmentUploads uploads;
    private final BlobStore store;
    private final RoomAccess access;
    private final JsonWebToken caller;

    public AttachmentResource(AttachmentUploads uploads, BlobStore store, RoomAccess access, JsonWebToken caller) {
        this.uploads = uploads;
        this.store = store;
        this.access = access;
        this.caller = caller;
    }

    @POST
    @Path("/rooms/{roomId}/attachments")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("roomId") UUID roomId, @RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalidField("file", "is required (a multipart part named file)");
        }
        access.require(roomId, caller, RoomAction.POST);
        Attachment stored = uploads.store(
                roomId, UUID.fromString(caller.getSubject()), file.fileName(), file.uploadedFile(), file.size());
        // The contract's {id, name, size, contentType, url}, and what images add: the same as a message shows.
        return Response.created(URI.create(Attachment.url(stored.id)))
                .entity(stored.toPayload())
                .build();
    }

    @GET
    @Path("/attachments/{id}")
    public Response download(
            @PathParam("id") UUID id,
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Attachment attachment = readable(id);
        String etag = "\"" + attachment.id + "\""; // the bytes of an id never change
        if (etag.equals(ifNoneMatch)) {
            return common(Response.notModified(), etag).build();
        }
        boolean inline = ContentTypes.isSafeImage(attachment.contentType);
        Optional<ByteRange> part;
        try {
            part = ifRange == null || ifRange.equals(etag) ? ByteRange.parse(range, attachment.size) : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            return common(Response.status(416), etag)
                    .header("Content-Range", "bytes */" + attachment.size)
                    .build();
        }
        long offset = part.map(ByteRange::offset).orElse(0L);
        long length = part.map(ByteRange::length).orElse(attachment.size);
        Response.ResponseBuilder response = common(Response.status(part.isPresent() ? 206 : 200), etag)
                .type(ContentTypes.served(attachment.contentType))
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Content-Disposition", disposition(inline, attachment.name))
                .entity(stream(Attachment.blobKey(attachment.id), offset, length));
        part.ifPresent(p -> response.header("Content-Range", p.contentRange(attachment.size)));
        return response.build();
    }

    @GET
    @Path("/attachments/{id}/thumbnail")
    public Response thumbnail(@PathParam("id") UUID id) {
        Attachment attachment = readable(id);
        if (!attachment.hasThumbnail) {
            throw ProblemException.notFound("This attachment has no thumbnail.");
        }
        return common(Response.ok(), "\"" + attachment.id + "-thumbnail\"")
                .type("image/png")
                .header("Content-Disposition", "inline")
                .entity(stream(Attachment.thumbnailKey(attachment.id), 0, Long.MAX_VALUE))
                .build();
    }

    /** The attachment if it exists and the caller may read its room; 404 otherwise, either way. */
    private Attachment readable(UUID id) {
        Attachment attachment = Attachment.<Attachment>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("No such attachment."));
        access.require(attachment.roomId, caller, RoomAction.READ);
        return attachment;
    }

    private static Response.ResponseBuilder common(Response.ResponseBuilder response, String etag) {
        return response.header(NOSNIFF, "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                // Even if a browser rendered it, nothing in it runs.
                .header("Content-Security-Policy", "default-src 'none'; sandbox");
    }

    private StreamingOutput stream(String key, long offset, long length) {
        return output -> {
            try (InputStream in = store.open(key, offset, length)) {
                in.transferTo(output);
            } catch (FileNotFoundException e) {
                throw new IOException("blob " + key + " is missing", e);
            }
        };
    }

    /** RFC 6266: a plain ASCII fallback name and the exact UTF-8 name. */
    static String disposition(boolean inline, String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
