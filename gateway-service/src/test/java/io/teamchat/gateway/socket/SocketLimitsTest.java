package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.RawSocket;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.ratelimit.Action;
import io.teamchat.ratelimit.ConnectionSlots;
import io.teamchat.ratelimit.RateLimiter;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The limits of docs/socket-protocol.md: rates and connection counts shared by every gateway through Redis (another
 * instance's share is written to Redis here exactly as that instance would), and this instance's own frame, CONNECT
 * and outbound-queue limits, with the official Java client and raw sockets.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SocketLimitsTest extends GatewayTestBase {

    @Inject
    RateLimiter rateLimiter;

    @Inject
    ConnectionSlots slots;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void sendsCountedByAnotherInstanceSpendTheSameBudget() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        // Another gateway (or a REST send through message-service) already let 19 through in this window.
        for (int i = 0; i < 19; i++) {
            assertTrue(rateLimiter
                    .acquire(Action.MESSAGE, user.id())
                    .await()
                    .indefinitely()
                    .allowed());
        }
        TestSocket socket = connect(user);
        socket.emit("send-message", new JSONObject(Map.of("roomId", roomId.toString(), "content", "the 20th")));
        Await.until("the 20th queued", () -> commandsIn(roomId) == 1);

        JSONObject limited = socket.request(
                "send-message", new JSONObject(Map.of("roomId", roomId.toString(), "content", "the 21st")));

        assertFalse(limited.getBoolean("ok"));
        JSONObject error = limited.getJSONObject("error");
        assertEquals(429, error.getInt("status"));
        assertEquals("Too Many Requests", error.getString("title"));
        assertTrue(error.getString("detail").contains("20 messages per 10 s"), error.getString("detail"));
        assertEquals(1, commandsIn(roomId), "the refused message was not queued");
    }

    @Test
    void typingHasItsOwnBudget() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        assertTrue(
                socket.request("join-room", Map.of("roomId", roomId.toString())).getBoolean("ok"));
        Map<String, String> room = Map.of("roomId", roomId.toString());
        for (int i = 0; i < 30; i++) {
            JSONObject ack = socket.request(i % 2 == 0 ? "typing-start" : "typing-stop", room);
            assertTrue(ack.getBoolean("ok"), "typing event " + i + ": " + ack);
        }
        JSONObject limited = socket.request("typing-start", room);
        assertEquals(429, limited.getJSONObject("error").getInt("status"));
        // Sending is a different budget: still allowed.
        socket.emit("send-message", new JSONObject(Map.of("roomId", roomId.toString(), "content", "hi")));
        Await.until("the message queued", () -> commandsIn(roomId) == 1);
    }

    @Test
    void aUserHasAtMostTwentySocketsAcrossInstances() throws Exception {
        TestUser user = TestUser.create();
        // 18 sockets of this user live on other gateways.
        List<String> elsewhere = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            String socketId = "other-gw-" + i;
            assertTrue(slots.claim(slots.key("sockets", user.id()), socketId, 20, Duration.ofMinutes(1))
                    .await()
                    .indefinitely());
            elsewhere.add(socketId);
        }
        TestSocket nineteenth = connect(user);
        connect(user);

        TestSocket refused = track(TestSocket.open(base, user.token()));
        assertEquals("too many connections", ((JSONObject) refused.awaitConnectError()).getString("message"));

        nineteenth.close();
        Await.until("a slot is free again", () -> {
            try (TestSocket again = TestSocket.open(base, user.token())) {
                return again.awaitConnectedOrError();
            }
        });
    }

    @Test
    void socketsOfAKilledInstanceStopCountingWhenTheirLeaseRunsOut() throws Exception {
        TestUser user = TestUser.create();
        for (int i = 0; i < 20; i++) {
            // A gateway that died without a word: its leases are never renewed.
            slots.claim(slots.key("sockets", user.id()), "dead-gw-" + i, 20, Duration.ofMillis(1500))
                    .await()
                    .indefinitely();
        }
        TestSocket refused = track(TestSocket.open(base, user.token()));
        assertEquals("too many connections", ((JSONObject) refused.awaitConnectError()).getString("message"));

        Await.until("the dead instance's slots ran out", () -> {
            try (TestSocket again = TestSocket.open(base, user.token())) {
                return again.awaitConnectedOrError();
            }
        });
    }

    /** Renewal goes out a few keys at a time (not one burst per user); every key must still be renewed. */
    @Test
    void aRenewalReachesMoreKeysThanItSendsAtOnce() {
        Map<String, List<String>> held = new HashMap<>();
        for (int i = 0; i < ConnectionSlots.WRITES_IN_FLIGHT * 3 + 1; i++) {
            String key = slots.key("sockets", UUID.randomUUID());
            slots.claim(key, "socket-" + i, 20, Duration.ofSeconds(30)).await().indefinitely();
            held.put(key, List.of("socket-" + i));
        }
        Map<String, Double> before = new HashMap<>();
        held.forEach((key, members) -> before.put(
                key,
                redis.sortedSet(String.class).zscore(key, members.getFirst()).orElseThrow()));

        slots.renew(held, Duration.ofMinutes(10)).await().atMost(Duration.ofSeconds(20));

        held.forEach((key, members) -> {
            double after = redis.sortedSet(String.class)
                    .zscore(key, members.getFirst())
                    .orElseThrow();
            assertTrue(
                    after - before.get(key) > Duration.ofMinutes(5).toMillis(), "lease of " + key + " pushed forward");
            assertTrue(redis.key().pttl(key) > Duration.ofMinutes(5).toMillis(), "and the key outlives it");
        });
    }

    /** A mass disconnect gives back every slot, though the releases go out a few at a time. */
    @Test
    void everySlotOfAMassDisconnectIsGivenBack() {
        Map<String, String> held = new HashMap<>();
        for (int i = 0; i < ConnectionSlots.WRITES_IN_FLIGHT * 4 + 1; i++) {
            String key = slots.key("sockets", UUID.randomUUID());
            slots.claim(key, "socket-" + i, 20, Duration.ofMinutes(10)).await().indefinitely();
            held.put(key, "socket-" + i);
        }
        held.forEach(slots::release);
        Await.until(
                "every slot given back",
                () -> held.entrySet().stream()
                        .allMatch(slot -> redis.sortedSet(String.class)
                                .zscore(slot.getKey(), slot.getValue())
                                .isEmpty()));
    }

    @Test
    void anAddressHasAtMostFiftyConnectionsThatHaveNotConnected() throws Exception {
        String key = null;
        try (RawSocket pending = RawSocket.open(base, "EIO=4&transport=websocket")) {
            assertTrue(pending.nextNonPing().startsWith("0{"));
            // The one real unauthenticated connection here, under the address the gateway saw (127.0.0.1 or ::1)...
            List<String> keys = List.copyOf(redis.key().keys(prefix + "limits:unauthenticated:*"));
            assertEquals(1, keys.size(), "one address holds a slot: " + keys);
            key = keys.get(0);
            // ...and 49 more from that address on other gateways.
            for (int i = 0; i < 49; i++) {
                slots.claim(key, "other-" + i, 50, Duration.ofMinutes(1))
                        .await()
                        .indefinitely();
            }

            HttpResponse<String> refused = pollingHandshake();
            assertEquals(403, refused.statusCode());
            assertEquals("{\"code\":4,\"message\":\"Forbidden\"}", refused.body());

            // Once the pending connection joins the namespace it no longer counts against the address.
            pending.send("40{\"token\":\"" + TestUser.create().token() + "\"}");
            assertTrue(pending.nextNonPing().startsWith("40{"));
            Await.until("the address has room again", () -> pollingHandshake().statusCode() == 200);
        } finally {
            if (key != null) {
                redis.key().del(key);
            }
        }
    }

    @Test
    void aConnectionThatNeverSendsConnectIsClosed() throws Exception {
        try (RawSocket raw = RawSocket.open(base, "EIO=4&transport=websocket")) {
            assertTrue(raw.nextNonPing().startsWith("0{"));
            Instant opened = Instant.now();
            // Answers every ping (so the heartbeat keeps it open) but never sends CONNECT.
            while (!raw.isClosed() && Duration.between(opened, Instant.now()).toSeconds() < 15) {
                for (String frame : raw.drain()) {
                    if (frame.equals("2")) {
                        raw.send("3");
                    }
                }
                Thread.sleep(50);
            }
            assertTrue(raw.isClosed(), "closed within 15 s");
            long openFor = Duration.between(opened, Instant.now()).toMillis();
            assertTrue(openFor >= 2500, "closed by the 3 s CONNECT timeout, not before: " + openFor + " ms");
        }
    }

    @Test
    void aFragmentedMessageIsRefusedOnceItGrowsPast64KiB() throws Exception {
        try (RawSocket raw = RawSocket.connected(base, TestUser.create().token())) {
            raw.sendFragment("42[\"send-message\",{\"content\":\"", false);
            // 80 KiB of a message whose last fragment never comes: only a check while it grows can refuse it.
            for (int i = 0; i < 5; i++) {
                raw.sendFragment("z".repeat(16 * 1024), false);
            }
            assertEquals(1009, raw.awaitClosed(5));
        }
    }

    @Test
    void aFrameAnnouncedOver64KiBIsRefusedFromItsHeader() throws Exception {
        try (Socket tcp = new Socket(base.getHost(), base.getPort())) {
            tcp.setSoTimeout(5000);
            OutputStream out = tcp.getOutputStream();
            InputStream in = tcp.getInputStream();
            out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String headers = readHeaders(in);
            assertTrue(headers.startsWith("HTTP/1.1 101"), headers);
            readFrame(in); // the open packet
            // A text frame announcing 10 MB, masked as a client must, followed by only 1 KiB of it.
            long length = 10_000_000L;
            byte[] header = new byte[14];
            header[0] = (byte) 0x81;
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (length >>> (56 - 8 * i));
            }
            out.write(header);
            out.write(new byte[1024]);
            out.flush();
            // The server answers (a close frame, or the end of the stream) without waiting for the other 10 MB.
            try {
                int first = in.read();
                if (first != -1) {
                    assertEquals(0x88, first, "a close frame");
                    in.read();
                    int code = (in.read() << 8) | in.read();
                    assertEquals(1009, code);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server waited for the announced 10 MB", e);
            }
        }
    }

    /** A polling handshake from the JDK client, which reaches the gateway from the same address as RawSocket. */
    private HttpResponse<String> pollingHandshake() {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "socket.io/?EIO=4&transport=polling"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long commandsIn(UUID roomId) {
        return streams().count("commands", data -> data.path("roomId").asText().equals(roomId.toString()));
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    private static void readFrame(InputStream in) throws Exception {
        in.read();
        int length = in.read() & 0x7f;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        }
        in.readNBytes(length);
    }
}
