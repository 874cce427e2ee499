package io.teamchat.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stands in for room-service's {@code GET /api/rooms} (the caller's rooms, which message-service's cross-room search
 * asks for), answered from the rooms the test wrote with {@link TestRooms}: one registry of test rooms, so the list
 * and the membership cache never disagree. The caller is the bearer token's subject. Sets
 * {@code chat.services.room-url} to this stub. Membership checks never come here: they read the real cache.
 */
public class RoomServiceStub extends ServiceStub {

    @Override
    protected String path() {
        return "/api/rooms";
    }

    @Override
    protected String urlProperty() {
        return "chat.services.room-url";
    }

    @Override
    protected void answer(HttpExchange exchange) throws IOException {
        UUID caller = callerOf(exchange);
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
}
