package io.teamchat.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teamchat.gateway.support.TestSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java client ({@code io.socket:socket.io-client}) against a running system with two gateways:
 * {@code GATEWAY_URL} and {@code GATEWAY2_URL}, and {@code CHAT_STATE_DIR} for the second one's pid file. Not part
 * of the Maven build (the name matches no Surefire include): {@code ./chat test e2e} runs it against its isolated
 * system, after the restart, with both gateways up; it SIGKILLs the second gateway at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoGatewaysJavaClientE2E {

    private static final long WAIT_MS = 10_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final URL GATEWAY_1 = url("GATEWAY_URL");
    private static final URL GATEWAY_2 = url("GATEWAY2_URL");

    private final List<TestSocket> sockets = new ArrayList<>();

    @Order(1)
    @ParameterizedTest(name = "websocket only: {0}")
    @ValueSource(booleans = {false, true})
    void everySocketEventCrossesGateways(boolean websocketOnly) throws Exception {
        try {
            User a = User.register("java_a");
            User b = User.register("java_b");
            User c = User.register("java_c");
            String room = a.createPublicRoom();
            b.join(room);
            TestSocket atOne = open(GATEWAY_1, a, websocketOnly);
            TestSocket atTwo = open(GATEWAY_2, b, websocketOnly);
            for (TestSocket s : List.of(atOne, atTwo)) {
                JSONObject joined = ok(s, "join-room", Map.of("roomId", room));
                assertEquals(room, joined.getJSONObject("room").getString("id"));
            }

            JSONObject sent =
                    ok(atOne, "send-message", Map.of("roomId", room, "content", "from one", "clientMsgId", "j1"));
            String id = sent.getJSONObject("message").getString("id");
            JSONObject received = next(atTwo, "message-received");
            assertEquals(id, received.getJSONObject("message").getString("id"));
            assertEquals(a.id, received.getJSONObject("user").getString("id"));
            ok(atTwo, "send-message", Map.of("roomId", room, "content", "from two"));
            // A's own message reaches A too (every subscribed socket), then B's.
            assertEquals(
                    id, next(atOne, "message-received").getJSONObject("message").getString("id"));
            assertEquals(
                    "from two",
                    next(atOne, "message-received").getJSONObject("message").getString("content"));
            assertEquals(
                    "from two",
                    next(atTwo, "message-received").getJSONObject("message").getString("content"));
            assertNull(atTwo.next("message-received", 500), "each message once");

            ok(atOne, "edit-message", Map.of("messageId", id, "content", "edited on one"));
            assertEquals(
                    "edited on one",
                    next(atTwo, "message-updated").getJSONObject("message").getString("content"));
            ok(atOne, "delete-message", Map.of("messageId", id));
            assertEquals(id, next(atTwo, "message-deleted").getString("messageId"));

            ok(atOne, "typing-start", Map.of("roomId", room));
            JSONObject typing = next(atTwo, "typing-indicator");
            assertEquals(a.id, typing.getString("userId"));
            assertTrue(typing.getBoolean("isTyping"));
            ok(atOne, "typing-stop", Map.of("roomId", room));
            assertEquals(false, next(atTwo, "typing-indicator").getBoolean("isTyping"));
            assertNull(atOne.next("typing-indicator", 300), "never echoed to the typist");

            TestSocket cAtTwo = open(GATEWAY_2, c, websocketOnly);
            c.join(room);
            assertEquals(c.id, next(atOne, "user-joined").getJSONObject("user").getString("id"));
            ok(cAtTwo, "join-room", Map.of("roomId", room));
            a.kick(room, c.id);
            assertEquals(room, next(cAtTwo, "removed-from-room").getString("roomId"));
            assertEquals(c.id, next(atOne, "user-left").getString("userId"));

            ok(atTwo, "leave-room", Map.of("roomId", room));
            String before = lastId(b, room);
            JSONObject missed = ok(atOne, "send-message", Map.of("roomId", room, "content", "while away"));
            ok(atTwo, "join-room", Map.of("roomId", room));
            JSONObject synced = ok(atTwo, "sync", Map.of("roomId", room, "afterId", before));
            assertEquals(List.of(missed.getJSONObject("message").getString("id")), ids(synced.getJSONArray("items")));
            String missedId = missed.getJSONObject("message").getString("id");
            for (JSONObject live = atTwo.next("message-received", 500);
                    live != null;
                    live = atTwo.next("message-received", 500)) {
                assertTrue(
                        !live.getJSONObject("message").getString("id").equals(missedId),
                        "nothing live while it had left the room");
            }
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    @Order(2)
    @Test
    void aRoomSomeoneAddsYouToReachesEveryOneOfYourSocketsOnce() throws Exception {
        try {
            User owner = User.register("jadd_o");
            User added = User.register("jadd_a");
            User stranger = User.register("jadd_s");
            TestSocket ownerAtOne = open(GATEWAY_1, owner, true);
            TestSocket addedAtOne = open(GATEWAY_1, added, true);
            TestSocket addedAtTwo = open(GATEWAY_2, added, false);
            TestSocket strangerAtTwo = open(GATEWAY_2, stranger, true);
            String room = owner.createRoom(true);
            ok(ownerAtOne, "join-room", Map.of("roomId", room));

            owner.add(room, added.id);
            for (TestSocket socket : List.of(addedAtOne, addedAtTwo)) {
                JSONObject joined = next(socket, "user-joined");
                assertEquals(room, joined.getString("roomId"));
                assertEquals(added.id, joined.getJSONObject("user").getString("id"));
            }
            // The owner's socket may hear of its own joining at the creation (it was not in the room yet), before or
            // after this: that one comes on the owner's user-events stream, in no fixed order with the room's channel.
            JSONObject addedJoined = joinedOtherThanCreation(ownerAtOne, room, owner.id, WAIT_MS);
            assertNotNull(addedJoined, "the owner's socket hears of the member added");
            assertEquals(room, addedJoined.getString("roomId"));
            assertEquals(added.id, addedJoined.getJSONObject("user").getString("id"));

            // Both become members of a new direct room; nobody's socket is in it yet, so each hears only of themselves.
            String direct = owner.openDirect(added.id);
            for (TestSocket socket : List.of(addedAtOne, addedAtTwo)) {
                JSONObject joined = next(socket, "user-joined");
                assertEquals(direct, joined.getString("roomId"));
                assertEquals(added.id, joined.getJSONObject("user").getString("id"));
            }
            JSONObject ownerJoined = joinedOtherThanCreation(ownerAtOne, room, owner.id, WAIT_MS);
            assertNotNull(ownerJoined, "the owner's socket hears of the direct room");
            assertEquals(direct, ownerJoined.getString("roomId"));
            assertEquals(owner.id, ownerJoined.getJSONObject("user").getString("id"));
            for (TestSocket socket : List.of(addedAtOne, addedAtTwo, ownerAtOne)) {
                assertNull(joinedOtherThanCreation(socket, room, owner.id, 500), "each membership once per socket");
            }
            assertNull(strangerAtTwo.next("user-joined", 300), "nobody else hears of these rooms");
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    @Order(3) // last: gateway 2 is gone afterwards
    @Test
    void afterASigkillClientsReconnectToTheOtherGatewayAndSyncWhatTheyMissed() throws Exception {
        Path pidFile = Path.of(System.getenv("CHAT_STATE_DIR"), "pids", "gateway-service-2.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        try (Balancer balancer = new Balancer(GATEWAY_2, GATEWAY_1)) {
            User a = User.register("jkill_a");
            User polling = User.register("jkill_p");
            User websocket = User.register("jkill_w");
            String room = a.createPublicRoom();
            polling.join(room);
            websocket.join(room);
            TestSocket sender = open(GATEWAY_1, a, true);
            ok(sender, "join-room", Map.of("roomId", room));
            List<TestSocket> readers = new ArrayList<>();
            for (User u : List.of(polling, websocket)) {
                TestSocket s = TestSocket.reconnecting(balancer.url(), u.token, u == websocket);
                sockets.add(s);
                assertNotNull(s.nextConnect(WAIT_MS), "connected through the balancer to gateway 2");
                ok(s, "join-room", Map.of("roomId", room));
                readers.add(s);
            }
            List<String> acked = new ArrayList<>();
            for (TestSocket s : readers) {
                acked.add(ok(s, "send-message", Map.of("roomId", room, "content", "acked on two"))
                        .getJSONObject("message")
                        .getString("id"));
            }
            String seen = ok(sender, "send-message", Map.of("roomId", room, "content", "seen"))
                    .getJSONObject("message")
                    .getString("id");
            for (TestSocket s : readers) {
                while (!next(s, "message-received")
                        .getJSONObject("message")
                        .getString("id")
                        .equals(seen)) {
                    // the readers' own messages come first
                }
            }

            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly(), "SIGKILL gateway 2");
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                missed.add(ok(sender, "send-message", Map.of("roomId", room, "content", "missed " + i))
                        .getJSONObject("message")
                        .getString("id"));
            }
            for (TestSocket s : readers) {
                assertNotNull(s.nextConnect(30_000), "reconnected to gateway 1");
                ok(s, "join-room", Map.of("roomId", room));
                JSONObject synced = ok(s, "sync", Map.of("roomId", room, "afterId", seen));
                List<String> got = new ArrayList<>(ids(synced.getJSONArray("items")));
                got.sort(null);
                assertEquals(missed, got, "sync gives exactly what was missed");
            }
            List<String> stored = ids(a.history(room));
            for (String id : acked) {
                assertTrue(stored.contains(id), "acknowledged " + id + " is stored");
            }
        } finally {
            sockets.forEach(TestSocket::close);
        }
    }

    private TestSocket open(URL gateway, User user, boolean websocketOnly) {
        TestSocket socket = websocketOnly
                ? TestSocket.connected(
                        gateway,
                        new io.teamchat.gateway.support.TestUser(UUID.fromString(user.id), user.username, user.token))
                : TestSocket.connectedWithDefaults(
                        gateway,
                        new io.teamchat.gateway.support.TestUser(UUID.fromString(user.id), user.username, user.token));
        sockets.add(socket);
        return socket;
    }

    private static JSONObject ok(TestSocket socket, String event, Map<String, String> data) throws Exception {
        JSONObject ack = socket.request(event, data);
        assertTrue(ack.getBoolean("ok"), event + " " + data + " -> " + ack);
        return ack;
    }

    private static JSONObject next(TestSocket socket, String event) throws Exception {
        JSONObject value = socket.next(event, WAIT_MS);
        assertNotNull(value, "no " + event + " within " + WAIT_MS + " ms");
        return value;
    }

    /** The next user-joined within {@code timeoutMs}, passing over the one of {@code creator} creating {@code room}. */
    private static JSONObject joinedOtherThanCreation(TestSocket socket, String room, String creator, long timeoutMs)
            throws Exception {
        for (JSONObject joined = socket.next("user-joined", timeoutMs);
                joined != null;
                joined = socket.next("user-joined", timeoutMs)) {
            boolean creation = joined.getString("roomId").equals(room)
                    && joined.getJSONObject("user").getString("id").equals(creator);
            if (!creation) {
                return joined;
            }
        }
        return null;
    }

    private static List<String> ids(JSONArray messages) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            ids.add(messages.getJSONObject(i).getString("id"));
        }
        return ids;
    }

    private static String lastId(User user, String room) throws Exception {
        return user.history(room).getJSONObject(0).getString("id");
    }

    private static URL url(String env) {
        String value = System.getenv(env);
        try {
            return URI.create((value == null ? "http://localhost:8080" : value).replaceAll("/$", "") + "/")
                    .toURL();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user registered through gateway 1's REST API. */
    private record User(String id, String username, String token) {

        static User register(String prefix) throws Exception {
            String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
            JSONObject body = call(
                    "POST",
                    "/api/auth/register",
                    null,
                    new JSONObject(Map.of(
                            "username", name, "email", name + "@example.com", "password", "pw-" + UUID.randomUUID())));
            return new User(body.getJSONObject("user").getString("id"), name, body.getString("accessToken"));
        }

        String createPublicRoom() throws Exception {
            return createRoom(false);
        }

        String createRoom(boolean isPrivate) throws Exception {
            JSONObject room = call(
                    "POST",
                    "/api/rooms",
                    token,
                    new JSONObject(Map.of(
                            "name", "java-" + UUID.randomUUID().toString().substring(0, 8), "isPrivate", isPrivate)));
            return room.getString("id");
        }

        void add(String room, String userId) throws Exception {
            call("POST", "/api/rooms/" + room + "/members", token, new JSONObject(Map.of("userId", userId)));
        }

        String openDirect(String userId) throws Exception {
            return call("POST", "/api/rooms/direct", token, new JSONObject(Map.of("userId", userId)))
                    .getString("id");
        }

        void join(String room) throws Exception {
            call("POST", "/api/rooms/" + room + "/join", token, null);
        }

        void kick(String room, String userId) throws Exception {
            call("DELETE", "/api/rooms/" + room + "/members/" + userId, token, null);
        }

        JSONArray history(String room) throws Exception {
            return call("GET", "/api/rooms/" + room + "/messages?limit=200", token, null)
                    .getJSONArray("items");
        }

        private static JSONObject call(String method, String path, String token, JSONObject json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY_1 + path.substring(1)))
                    .timeout(Duration.ofSeconds(10))
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json.toString()))
                    .header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(
                    response.statusCode() < 300,
                    method + " " + path + " -> " + response.statusCode() + " " + response.body());
            return response.body().isBlank() ? new JSONObject() : new JSONObject(response.body());
        }
    }

    /**
     * A load balancer in front of the gateways: each TCP connection goes to the first that accepts it (gateway 2
     * while it lives), so a polling session stays on one instance, as sticky sessions keep it.
     */
    private static final class Balancer implements AutoCloseable {
        private final ServerSocket server;
        private final List<URL> targets;

        Balancer(URL... targets) throws IOException {
            this.targets = List.of(targets);
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::accept);
        }

        URL url() throws Exception {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/").toURL();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> relay(client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void relay(Socket client) {
            for (URL target : targets) {
                try {
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    Thread.ofVirtual().start(() -> pipe(client, upstream));
                    pipe(upstream, client);
                    return;
                } catch (IOException refused) {
                    // the next target
                }
            }
            close(client);
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        }

        private static void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
