package io.teamchat.auth;

import com.sun.net.httpserver.HttpExchange;
import io.teamchat.testing.ServiceStub;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Stands in for presence-service's {@code GET /api/presence?userIds=} with its rules: answers in the order asked, a
 * user the test did not set is offline and never seen, no bearer token is 401. Tests set users' presence, read the
 * requests it got (query and the token's subject) and can make it fail. Sets the presence client's URL to this stub.
 */
public class PresenceServiceStub extends ServiceStub {

    /** One request as the stub saw it: the ids asked and whose token it carried. */
    public record Request(List<String> userIds, String tokenSubject) {}

    private static final Map<UUID, Instant> ONLINE_SINCE = new ConcurrentHashMap<>();
    private static final Map<UUID, Instant> LAST_SEEN = new ConcurrentHashMap<>();
    private static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    private static volatile boolean failing;

    public static void online(UUID user) {
        ONLINE_SINCE.put(user, Instant.now());
    }

    public static void offline(UUID user, Instant lastSeen) {
        ONLINE_SINCE.remove(user);
        LAST_SEEN.put(user, lastSeen);
    }

    public static void failing(boolean fail) {
        failing = fail;
    }

    /** Requests that asked about {@code user}. */
    public static List<Request> requestsAbout(UUID user) {
        return REQUESTS.stream()
                .filter(r -> r.userIds().contains(user.toString()))
                .toList();
    }

    @Override
    protected String path() {
        return "/api/presence";
    }

    @Override
    protected String urlProperty() {
        return "quarkus.rest-client.presence.url";
    }

    @Override
    protected void answer(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            respond(exchange, 401, "{\"status\":401,\"title\":\"Unauthorized\"}");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        String raw = query == null || !query.startsWith("userIds=") ? "" : query.substring("userIds=".length());
        List<String> ids = Arrays.stream(
                        URLDecoder.decode(raw, StandardCharsets.UTF_8).split(","))
                .filter(id -> !id.isBlank())
                .toList();
        REQUESTS.add(new Request(ids, subjectOf(auth.substring("Bearer ".length()))));
        if (failing) {
            respond(exchange, 503, "{\"status\":503,\"title\":\"Service Unavailable\"}");
            return;
        }
        String body = ids.stream()
                .map(id -> {
                    UUID user = UUID.fromString(id);
                    Instant seen = LAST_SEEN.get(user);
                    return "{\"userId\":\"" + id + "\",\"isOnline\":" + ONLINE_SINCE.containsKey(user)
                            + ",\"lastSeen\":" + (seen == null ? "null" : "\"" + seen + "\"") + "}";
                })
                .collect(Collectors.joining(",", "[", "]"));
        respond(exchange, 200, body);
    }

    /** The token's {@code sub} (the stub trusts the caller to have verified it, as presence-service would verify). */
    private static String subjectOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        int at = payload.indexOf("\"sub\":\"");
        return at < 0 ? null : payload.substring(at + 7, payload.indexOf('"', at + 7));
    }
}
