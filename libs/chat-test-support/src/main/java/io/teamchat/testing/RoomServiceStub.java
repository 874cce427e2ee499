package io.teamchat.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stands in for room-service's {@code GET /api/rooms} (the caller's rooms, which message-service's cross-room search
 * asks for), answered from the rooms the test wrote with {@link TestRooms}: one registry of test rooms, so the list
 * and the membership cache never disagree. The caller is the bearer token's subject. Sets
 * {@code chat.services.room-url} to this stub. Membership checks never come here: they read the real cache.
 */
public class RoomServiceStub implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/rooms", this::answer);
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
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        UUID caller;
        try {
            caller = auth == null ? null : TestTokens.userIdOf(auth.substring("Bearer ".length()));
        } catch (RuntimeException e) {
            caller = null;
        }
        if (caller == null) {
            respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
        } else if (!exchange.getRequestURI().getPath().equals("/api/rooms")) {
            respond(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
        } else {
            String rooms = TestRooms.roomsOf(caller).stream()
                    .map(roomId -> "{\"id\":\"" + roomId + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            respond(exchange, 200, rooms);
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
