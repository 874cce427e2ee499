package io.teamchat.message.attachments;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.teamchat.testing.TestRooms;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Upload helpers and the round trip every store must pass. */
final class Uploads {

    private Uploads() {}

    static Response upload(AttachmentTest.User user, UUID room, String name, byte[] bytes, String claimedType) {
        return given().header("Authorization", user.bearer())
                .multiPart("file", name, bytes, claimedType)
                .post("/api/rooms/{id}/attachments", room);
    }

    /** Upload, download whole and in part, delete through the store: what every BlobStore must do. */
    static void roundTrip(BlobStore store, TestRooms rooms) throws IOException {
        AttachmentTest.User ann = AttachmentTest.User.create();
        UUID room = rooms.publicRoom(ann.id());
        byte[] data = bytes(600_000);
        JsonPath uploaded = upload(ann, room, "../../etc/report.bin", data, "image/png")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        UUID id = UUID.fromString(uploaded.getString("id"));
        assertEquals("report.bin", uploaded.getString("name"), "no path from the client's name");
        assertEquals(600_000, uploaded.getLong("size"));
        assertEquals("application/octet-stream", uploaded.getString("contentType"));
        assertEquals("/api/attachments/" + id, uploaded.getString("url"));
        assertTrue(store.exists(Attachment.blobKey(id)));

        Response whole = given().header("Authorization", ann.bearer()).get(uploaded.getString("url"));
        assertEquals(200, whole.statusCode());
        assertEquals("600000", whole.header("Content-Length"));
        assertArrayEquals(data, whole.asByteArray());

        Response part = given().header("Authorization", ann.bearer())
                .header("Range", "bytes=100-299999")
                .get(uploaded.getString("url"));
        assertEquals(206, part.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 300_000), part.asByteArray());

        store.delete(Attachment.blobKey(id));
        assertFalse(store.exists(Attachment.blobKey(id)));
        store.delete(Attachment.blobKey(id)); // twice is fine
    }

    static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and IHDR chunk claiming this size, with no image data after it. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13)
                .put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }
}
