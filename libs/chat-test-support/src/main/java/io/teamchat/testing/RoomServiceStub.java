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
 * Stands in for room-service's {@code GET /api/rooms/{id}} (and {@code GET /api/rooms}, the caller's rooms) in
 * tests of services that ask it whether a user is a member (message-service, gateway). Membership is what the test
 * registered with {@link #addMember} or {@link #addOwner}; the caller is read from the bearer token's subject. Sets {@code chat.services.room-url} to this stub.
 */
public class RoomServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<UUID, Set<UUID>> MEMBERS = new ConcurrentHashMap<>();
    private static final Map<UUID, UUID> OWNERS = new ConcurrentHashMap<>();
    private HttpServer server;

    /** Makes {@code userId} a member of {@code roomId} as far as the stub answers. */
    public static void addMember(UUID roomId, UUID userId) {
        MEMBERS.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet()).add(userId);
    }

    /** Makes {@code userId} the owner (and a member) of {@code roomId}: {@code myRole} answers "owner". */
    public static void addOwner(UUID roomId, UUID userId) {
        addMember(roomId, userId);
        OWNERS.put(roomId, userId);
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
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        UUID roomId;
        UUID caller;
        try {
            caller = auth == null ? null : TestTokens.userIdOf(auth.substring("Bearer ".length()));
            if (parts.length == 3 && caller != null) {
                answerMyRooms(exchange, caller);
                return;
            }
            roomId = UUID.fromString(parts[3]);
        } catch (RuntimeException e) {
            respond(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
            return;
        }
        if (caller == null) {
            respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
        } else if (parts.length == 4 && MEMBERS.getOrDefault(roomId, Set.of()).contains(caller)) {
            respond(exchange, 200, roomJson(roomId, roleOf(roomId, caller)));
        } else if (parts.length == 4 && MEMBERS.containsKey(roomId) && TestTokens.isAdmin(auth.substring(7))) {
            // As room-service does: administrators see every room, with no role of their own unless they are members.
            respond(exchange, 200, roomJson(roomId, null));
        } else {
            respond(exchange, 404, "{\"status\":404,\"title\":\"Not Found\"}");
        }
    }

    /** {@code GET /api/rooms}: the caller's rooms. */
    private void answerMyRooms(HttpExchange exchange, UUID caller) throws IOException {
        StringBuilder json = new StringBuilder("[");
        MEMBERS.forEach((roomId, members) -> {
            if (members.contains(caller)) {
                json.append(json.length() > 1 ? "," : "").append(roomJson(roomId, roleOf(roomId, caller)));
            }
        });
        respond(exchange, 200, json.append(']').toString());
    }

    private static String roleOf(UUID roomId, UUID member) {
        return member.equals(OWNERS.get(roomId)) ? "owner" : "member";
    }

    /** @param role the caller's role, null when they are not a member */
    private static String roomJson(UUID roomId, String role) {
        return "{\"id\":\"" + roomId + "\",\"name\":\"stub room\",\"description\":null,"
                + "\"isPrivate\":false,\"isDirect\":false,\"memberCount\":"
                + MEMBERS.get(roomId).size()
                + ",\"myRole\":" + (role == null ? "null" : "\"" + role + "\"") + "}";
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
