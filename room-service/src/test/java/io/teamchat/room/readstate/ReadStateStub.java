package io.teamchat.room.readstate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import io.teamchat.testing.ServiceStub;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for message-service's {@code POST /api/read-state}: answers, for each room asked, the unread count a test
 * {@link #set set} for that caller and room (rooms without one are left out, as message-service leaves out rooms the
 * caller may not read), and records every query so tests can check what room-service sent. A query that asks about a
 * room in {@link #FAILING} is answered 500, as message-service does when its database fails.
 */
public class ReadStateStub extends ServiceStub {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<List<UUID>, Long> UNREAD = new ConcurrentHashMap<>();
    static final List<JsonNode> QUERIES = new CopyOnWriteArrayList<>();
    static final Set<UUID> FAILING = ConcurrentHashMap.newKeySet();

    static void set(UUID userId, UUID roomId, long unread) {
        UNREAD.put(List.of(userId, roomId), unread);
    }

    @Override
    protected String path() {
        return "/api/read-state";
    }

    @Override
    protected String urlProperty() {
        return "chat.services.message-url";
    }

    @Override
    protected void answer(HttpExchange exchange) throws IOException {
        UUID caller = callerOf(exchange);
        if (caller == null) {
            respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
            return;
        }
        JsonNode query = JSON.readTree(exchange.getRequestBody());
        QUERIES.add(query);
        if (query.path("rooms").size() > 100) {
            respond(exchange, 400, "{\"status\":400,\"title\":\"Bad Request\"}");
            return;
        }
        ArrayNode states = JSON.createArrayNode();
        for (JsonNode room : query.path("rooms")) {
            UUID roomId = UUID.fromString(room.path("roomId").asText());
            if (FAILING.contains(roomId)) {
                respond(exchange, 500, "{\"status\":500,\"title\":\"Internal Server Error\"}");
                return;
            }
            Long unread = UNREAD.get(List.of(caller, roomId));
            if (unread != null) {
                states.addObject()
                        .put("roomId", roomId.toString())
                        .putNull("lastReadId")
                        .put("unreadCount", unread)
                        .put("mentionCount", unread / 2);
            }
        }
        respond(exchange, 200, JSON.writeValueAsString(states));
    }
}
