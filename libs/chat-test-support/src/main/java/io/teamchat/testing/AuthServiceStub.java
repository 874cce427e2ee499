package io.teamchat.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Stands in for auth-service's {@code GET /api/users?ids=} (which room-service asks before adding a member) and
 * {@code ?usernames=} (which message-service asks to resolve {@code @mentions}): it knows the users a test
 * {@link #register registered}, and nobody else. A bearer token of {@link TestTokens} is
 * required, as auth-service would. Sets {@code quarkus.rest-client.users.url} to this stub.
 */
public class AuthServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<UUID, String> USERNAMES = new ConcurrentHashMap<>();
    private static final Map<String, UUID> BY_USERNAME = new ConcurrentHashMap<>();

    private HttpServer server;

    /** From now on the stub answers that this user exists, also when asked by username (in any case). */
    public static void register(UUID userId, String username) {
        USERNAMES.put(userId, username);
        BY_USERNAME.put(username.toLowerCase(Locale.ROOT), userId);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/users", this::answer);
        server.start();
        return Map.of(
                "quarkus.rest-client.users.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        boolean signedIn = ServiceStub.callerOf(exchange) != null;
        String query = exchange.getRequestURI().getRawQuery();
        if (!signedIn) {
            respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
        } else if (query != null && query.startsWith("usernames=")) {
            String names = URLDecoder.decode(query.substring("usernames=".length()), StandardCharsets.UTF_8);
            String users = Arrays.stream(names.split(","))
                    .map(name -> BY_USERNAME.get(name.strip().toLowerCase(Locale.ROOT)))
                    .filter(Objects::nonNull)
                    .distinct()
                    .map(AuthServiceStub::userJson)
                    .collect(Collectors.joining(",", "[", "]"));
            respond(exchange, 200, users);
        } else if (query == null || !query.startsWith("ids=")) {
            respond(exchange, 400, "{\"status\":400,\"title\":\"Bad Request\"}");
        } else {
            String ids = URLDecoder.decode(query.substring("ids=".length()), StandardCharsets.UTF_8);
            String users = Arrays.stream(ids.split(","))
                    .map(String::strip)
                    .flatMap(id -> USERNAMES.keySet().stream()
                            .filter(known -> known.toString().equals(id)))
                    .map(AuthServiceStub::userJson)
                    .collect(Collectors.joining(",", "[", "]"));
            respond(exchange, 200, users);
        }
    }

    /** A user as auth-service answers one: the id and the username (ids and usernames never need escaping). */
    private static String userJson(UUID id) {
        return "{\"id\":\"" + id + "\",\"username\":\"" + USERNAMES.get(id) + "\"}";
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
