package io.teamchat.message.attachments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.RoomDeleted;
import io.teamchat.membership.MembershipCache;
import io.teamchat.streams.DomainEvents;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import io.teamchat.testing.TestTokens;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Uploads, downloads, attaching to messages and deleting, with the PostgreSQL store (the default). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class AttachmentTest {

    @Inject
    MembershipCache membership;

    @Inject
    BlobStore store;

    @Inject
    AttachmentDeletions deletions;

    @Inject
    DomainEvents events;

    @Inject
    ObjectMapper mapper;

    @Inject
    DataSource database;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @TestHTTPResource("/")
    URL base;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    @Test
    void uploadAndDownloadRoundTripInPostgres() throws Exception {
        Uploads.roundTrip(store, rooms());
    }

    @Test
    void theTypeComesFromTheBytesAndActiveContentIsNeverServedInline() {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        byte[] html =
                "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        JsonPath uploaded = Uploads.upload(ann, room, "cat.png", html, "image/png")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals("text/html", uploaded.getString("contentType"), "detected, not the client's image/png");
        assertNull(uploaded.get("width"));

        Response download = given().header("Authorization", ann.bearer())
                .get(uploaded.getString("url"))
                .then()
                .statusCode(200)
                .extract()
                .response();
        assertEquals("application/octet-stream", download.contentType());
        assertTrue(download.header("Content-Disposition").startsWith("attachment;"));
        assertEquals("nosniff", download.header("X-Content-Type-Options"));
        assertTrue(download.header("Cache-Control").startsWith("private"));
        assertArrayEquals(html, download.asByteArray());
    }

    @Test
    void imagesGetTheirSizeAndAThumbnailAndAreShownInline() throws Exception {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        byte[] png = Uploads.png(1200, 800);
        JsonPath uploaded = Uploads.upload(ann, room, "photo.bin", png, "application/octet-stream")
                .then()
                .statusCode(201)
                .body("contentType", equalTo("image/png"))
                .body("width", equalTo(1200))
                .body("height", equalTo(800))
                .extract()
                .jsonPath();
        Response image = given().header("Authorization", ann.bearer()).get(uploaded.getString("url"));
        assertEquals(200, image.statusCode());
        assertEquals("image/png", image.contentType());
        assertTrue(image.header("Content-Disposition").startsWith("inline;"));

        Response thumbnail = given().header("Authorization", ann.bearer()).get(uploaded.getString("thumbnailUrl"));
        assertEquals(200, thumbnail.statusCode());
        var small = ImageIO.read(new ByteArrayInputStream(thumbnail.asByteArray()));
        assertEquals(320, small.getWidth(), "the longest side is the thumbnail size");
        assertEquals(213, small.getHeight(), 1.0);
    }

    @Test
    void anImageTooBigToDecodeIsStoredWithoutThumbnail() throws Exception {
        // A PNG header claiming 100000 x 100000 pixels: never decoded (a decompression bomb), still a file.
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        Uploads.upload(ann, room, "bomb.png", Uploads.pngHeader(100_000, 100_000), "image/png")
                .then()
                .statusCode(201)
                .body("contentType", equalTo("image/png"))
                .body("width", equalTo(100_000))
                .body("thumbnailUrl", nullValue());
    }

    @Test
    void rangeRequestsAnswer206WithThatPart() {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        byte[] data = Uploads.bytes(700_000); // three PostgreSQL chunks
        String url = Uploads.upload(ann, room, "data.bin", data, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .path("url");
        Response part = given().header("Authorization", ann.bearer())
                .header("Range", "bytes=262000-524400")
                .get(url);
        assertEquals(206, part.statusCode());
        assertEquals("bytes 262000-524400/700000", part.header("Content-Range"));
        assertEquals("bytes", part.header("Accept-Ranges"));
        byte[] expected = java.util.Arrays.copyOfRange(data, 262000, 524401);
        assertArrayEquals(expected, part.asByteArray());

        Response tail = given().header("Authorization", ann.bearer())
                .header("Range", "bytes=-10")
                .get(url);
        assertEquals(206, tail.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 699_990, 700_000), tail.asByteArray());

        given().header("Authorization", ann.bearer())
                .header("Range", "bytes=700000-")
                .get(url)
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */700000");

        String etag = given().header("Authorization", ann.bearer()).get(url).header("ETag");
        given().header("Authorization", ann.bearer())
                .header("If-None-Match", etag)
                .get(url)
                .then()
                .statusCode(304);
    }

    @Test
    void overTheLimitIs413AndNothingIsStored() throws Exception {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        long before = count("select count(*) from message.attachments")
                + count("select count(*) from message.attachment_chunks");

        // With a Content-Length: refused from the headers.
        Uploads.upload(ann, room, "big.bin", Uploads.bytes(10 * 1024 * 1024 + 100_000), "application/octet-stream")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        // Just over the limit, within the envelope allowance: refused by the file's size.
        Uploads.upload(ann, room, "big.bin", Uploads.bytes(10 * 1024 * 1024 + 1), "application/octet-stream")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        // Exactly the limit is fine.
        Uploads.upload(ann, room, "max.bin", Uploads.bytes(10 * 1024 * 1024), "application/octet-stream")
                .then()
                .statusCode(201);

        // Without a Content-Length (chunked): counted by the HTTP layer (ATTACHMENT_MAX_REQUEST_SIZE, 11M), which
        // answers a bare 413 and closes the connection.
        String boundary = "b" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + 11 * 1024 * 1024 + 1];
        System.arraycopy(head, 0, body, 0, head.length);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "api/rooms/" + room + "/attachments"))
                .header("Authorization", ann.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> refused;
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            refused = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(413, refused.statusCode());

        long after = count("select count(*) from message.attachments")
                + count("select count(*) from message.attachment_chunks");
        assertEquals(before + 1 + 40, after, "only the upload of exactly the limit was stored (40 chunks)");
    }

    @Test
    void onlyMembersUploadAndDownload() {
        User ann = User.create();
        User outsider = User.create();
        UUID room = rooms().privateRoom(ann.id());
        String url = Uploads.upload(ann, room, "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .body("contentType", equalTo("text/plain"))
                .extract()
                .path("url");
        given().header("Authorization", outsider.bearer()).get(url).then().statusCode(404);
        given().header("Authorization", outsider.bearer())
                .get(url + "/thumbnail")
                .then()
                .statusCode(404);
        Uploads.upload(outsider, room, "b.txt", "x".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(404);
        given().get(url).then().statusCode(401);
        given().header("Authorization", ann.bearer())
                .get("/api/attachments/" + UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void aFileMessageCarriesItsAttachmentAndOnlyTheUploaderMayAttachItOnce() {
        User ann = User.create();
        User bob = User.create();
        UUID room = rooms().publicRoom(ann.id(), bob.id());
        UUID otherRoom = rooms().publicRoom(ann.id(), bob.id());
        String id = Uploads.upload(ann, room, "notes.txt", "notes".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // Someone else's upload, or one from another room, or a text message with one: refused, nothing stored.
        send(bob, room, Map.of("type", "file", "attachmentId", id))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attachmentId"));
        send(ann, otherRoom, Map.of("type", "file", "attachmentId", id))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("attachmentId"));
        send(ann, room, Map.of("content", "hi", "attachmentId", id)).then().statusCode(400);
        send(ann, room, Map.of("type", "file")).then().statusCode(400);
        send(ann, room, Map.of("type", "image", "attachmentId", id))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("type"));

        JsonPath message = send(ann, room, Map.of("type", "file", "attachmentId", id, "clientMsgId", "f1"))
                .then()
                .statusCode(201)
                .body("content", equalTo(""))
                .body("attachment.id", equalTo(id))
                .body("attachment.name", equalTo("notes.txt"))
                .body("attachment.size", equalTo(5))
                .body("attachment.contentType", equalTo("text/plain"))
                .extract()
                .jsonPath();
        // A retry with the same clientMsgId is the same message, not a second use.
        send(ann, room, Map.of("type", "file", "attachmentId", id, "clientMsgId", "f1"))
                .then()
                .statusCode(201)
                .body("id", equalTo(message.getString("id")));
        // Once.
        send(ann, room, Map.of("type", "file", "attachmentId", id, "content", "again"))
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("attachmentId"));

        given().header("Authorization", bob.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items[0].attachment.id", equalTo(id))
                .body("items[0].type", equalTo("file"));
    }

    @Test
    void aThreadRootKeepsItsAttachmentInItsReplyCountUpdateHistoryAndSearch() throws Exception {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        String id = Uploads.upload(ann, room, "plan.txt", "plan".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String root = send(ann, room, Map.of("type", "file", "attachmentId", id, "content", "quarterly plan"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        send(ann, room, Map.of("content", "a reply", "parentId", root))
                .then()
                .statusCode(201)
                .body("parentId", equalTo(root));

        // The root's new count reaches the room as message.updated with the whole root, its file included.
        ObjectMapper json = new ObjectMapper();
        JsonNode updated = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (updated == null && System.nanoTime() < deadline) {
            for (StreamMessage<String, String, String> entry :
                    redis.stream(String.class).xrange(prefix + "events", StreamRange.of("-", "+"))) {
                JsonNode envelope = json.readTree(entry.payload().get("payload"));
                JsonNode message = envelope.path("data").path("message");
                if (envelope.path("type").asText().equals("message.updated")
                        && message.path("id").asText().equals(root)
                        && message.path("replyCount").asInt() == 1) {
                    updated = message;
                }
            }
            Thread.sleep(50);
        }
        assertEquals(
                id,
                updated == null ? null : updated.path("attachment").path("id").asText());

        given().header("Authorization", ann.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .body("items[1].id", equalTo(root))
                .body("items[1].attachment.id", equalTo(id))
                .body("items[1].replyCount", equalTo(1));
        given().header("Authorization", ann.bearer())
                .get("/api/rooms/{id}/messages/search?q=quarterly", room)
                .then()
                .statusCode(200)
                .body("items[0].id", equalTo(root))
                .body("items[0].attachment.id", equalTo(id))
                .body("items[0].replyCount", equalTo(1));
    }

    @Test
    void deletingTheMessageDeletesItsFilesAfterCommit() throws Exception {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        JsonPath uploaded = Uploads.upload(ann, room, "p.png", Uploads.png(50, 40), "image/png")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        UUID id = UUID.fromString(uploaded.getString("id"));
        String messageId = send(ann, room, Map.of("type", "image", "attachmentId", id.toString()))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertTrue(store.exists(Attachment.blobKey(id)));
        assertTrue(store.exists(Attachment.thumbnailKey(id)));

        given().header("Authorization", ann.bearer())
                .delete("/api/messages/{id}", messageId)
                .then()
                .statusCode(204);
        given().header("Authorization", ann.bearer())
                .get(uploaded.getString("url"))
                .then()
                .statusCode(404);
        deletions.drain();
        assertFalse(store.exists(Attachment.blobKey(id)));
        assertFalse(store.exists(Attachment.thumbnailKey(id)));
        assertEquals(0, count("select count(*) from message.attachment_deletions where blob_key like '" + id + "%'"));
    }

    @Test
    void deletingTheRoomDeletesItsFilesAttachedOrNot() throws Exception {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        UUID kept = rooms().publicRoom(ann.id());
        String attached = Uploads.upload(ann, room, "a.txt", "a".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        send(ann, room, Map.of("type", "file", "attachmentId", attached)).then().statusCode(201);
        String loose = Uploads.upload(ann, room, "b.txt", "b".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String other = Uploads.upload(ann, kept, "c.txt", "c".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // as room-service publishes it (DomainEvents also appends it to the room-deletions stream message-service
        // reads)
        events.publishAndWait(
                EventEnvelope.of(EventType.ROOM_DELETED, new RoomDeleted(room), mapper), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("select count(*) from message.attachments where room_id = '" + room + "'") > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        deletions.drain();
        assertFalse(store.exists(attached));
        assertFalse(store.exists(loose));
        assertTrue(store.exists(other));
    }

    @Test
    void uploadsNeverAttachedAreDeletedAfterADay() throws Exception {
        User ann = User.create();
        UUID room = rooms().publicRoom(ann.id());
        String old = Uploads.upload(ann, room, "old.txt", "o".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String fresh = Uploads.upload(ann, room, "new.txt", "n".getBytes(StandardCharsets.UTF_8), "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        update("update message.attachments set created_at = now() - interval '25 hours' where id = '" + old + "'");
        deletions.drain();
        assertFalse(store.exists(old));
        assertTrue(store.exists(fresh));
        given().header("Authorization", ann.bearer())
                .get("/api/attachments/" + old)
                .then()
                .statusCode(404);
    }

    private static Response send(User user, UUID room, Map<String, Object> body) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(new HashMap<>(body))
                .post("/api/rooms/{id}/messages", room);
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void update(String sql) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    /** A user with a valid token. */
    record User(UUID id, String token) {
        static User create() {
            UUID id = UUID.randomUUID();
            return new User(id, TestTokens.issue(id, "user_" + id.toString().substring(0, 8)));
        }

        String bearer() {
            return "Bearer " + token;
        }
    }
}
