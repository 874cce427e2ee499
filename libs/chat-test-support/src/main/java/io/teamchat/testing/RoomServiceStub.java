package io.teamchat.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for room-service's {@code GET /api/rooms/{id}} in tests of services that ask it whether a user is a
 * member (message-service, gateway). Membership is what the test registered with {@link #addMember}; the caller is
 * read from the bearer token's subject. Sets {@code chat.services.room-url} to this stub.
 */
public class RoomServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<UUID, Set<UUID>> MEMBERS = new ConcurrentHashMap<>();
    private HttpServer server;

    /** Makes {@code userId} a member of {@code roomId} as far as the stub answers. */
    public static void addMember(UUID roomId, UUID userId) {
        MEMBERS.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet()).add(userId);
    }

    /** A new room with the given members. */
    public static UUID roomWith(UUID... members) {
        UUID roomId = UUID.randomUUID();
        for (UUID member : members) {
            addMember(roomId, member);
        }
        return roomId;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/rooms/", this::answer);
        server.start();
        return Map.of(
                "chat.services.room-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        UUID roomId;
        UUID caller;
        try {
            roomId = UUID.fromString(parts[3]);
            caller = auth == null ? null : TestTokens.userIdOf(auth.substring("Bearer ".length()));
        } catch (RuntimeException e) {
            respond(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
            return;
        }
        if (caller == null) {
            respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
        } else if (parts.length == 4 && MEMBERS.getOrDefault(roomId, Set.of()).contains(caller)) {
            respond(
                    exchange,
                    200,
                    "{\"id\":\"" + roomId + "\",\"name\":\"stub room\",\"description\":null,"
                            + "\"isPrivate\":false,\"isDirect\":false,\"memberCount\":"
                            + MEMBERS.get(roomId).size()
                            + ",\"myRole\":\"member\"}");
        } else {
            respond(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
