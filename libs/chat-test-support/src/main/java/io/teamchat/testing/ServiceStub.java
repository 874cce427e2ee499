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

/**
 * A stand-in for another service's endpoint in {@code @QuarkusTest}s: an HTTP server on a free local port that
 * answers {@link #path()} with {@link #answer}, and points the configuration property {@link #urlProperty()} at
 * itself. Subclasses answer by the real service's rules, never with fixed results.
 */
public abstract class ServiceStub implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    /** The path prefix this stub serves. */
    protected abstract String path();

    /** The property that holds the service's base URL in the service under test. */
    protected abstract String urlProperty();

    protected abstract void answer(HttpExchange exchange) throws IOException;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(path(), this::answer);
        server.start();
        return Map.of(urlProperty(), "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A JSON answer: {@code application/json} for 200, problem details otherwise. */
    /** The user of the request's bearer token as the real services verify it, or null (answer 401 then). */
    public static UUID callerOf(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        try {
            return auth == null ? null : TestTokens.userIdOf(auth.substring("Bearer ".length()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    protected static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
