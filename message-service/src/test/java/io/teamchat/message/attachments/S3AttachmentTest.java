package io.teamchat.message.attachments;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.teamchat.membership.MembershipCache;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The S3 store against a real S3-compatible server (s3proxy, started by the test). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(value = S3ProxyTestResource.class, restrictToAnnotatedClass = true)
class S3AttachmentTest {

    @Inject
    MembershipCache membership;

    @Inject
    BlobStore store;

    @Inject
    AttachmentDeletions deletions;

    @Inject
    DataSource database;

    @Test
    void uploadAndDownloadRoundTripInS3() throws Exception {
        assertInstanceOf(S3BlobStore.class, ClientProxy.unwrap(store));
        Uploads.roundTrip(store, new TestRooms(membership));
        try (var connection = database.getConnection();
                var select = connection.prepareStatement("select count(*) from message.attachment_chunks");
                var rows = select.executeQuery()) {
            rows.next();
            assertEquals(0, rows.getLong(1), "nothing of the file in PostgreSQL");
        }
    }

    @Test
    void imagesAndDeletionWorkTheSameInS3() throws Exception {
        AttachmentTest.User ann = AttachmentTest.User.create();
        UUID room = new TestRooms(membership).publicRoom(ann.id());
        JsonPath uploaded = Uploads.upload(ann, room, "p.png", Uploads.png(400, 100), "image/png")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        UUID id = UUID.fromString(uploaded.getString("id"));
        assertEquals(
                200,
                given().header("Authorization", ann.bearer())
                        .get(uploaded.getString("thumbnailUrl"))
                        .statusCode());
        String messageId = given().header("Authorization", ann.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("type", "image", "attachmentId", id.toString(), "content", "a photo"))
                .post("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertTrue(store.exists(Attachment.blobKey(id)));
        given().header("Authorization", ann.bearer())
                .delete("/api/messages/{id}", messageId)
                .then()
                .statusCode(204);
        deletions.drain();
        assertFalse(store.exists(Attachment.blobKey(id)));
        assertFalse(store.exists(Attachment.thumbnailKey(id)));
    }
}
