package io.teamchat.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays the services behind the gateway, each on its own random port so that a request routed to the wrong service
 * is seen (every echo names the service that answered, in its body and in {@code X-Upstream}): room-service's {@code GET /api/rooms/{id}} (members
 * registered through {@code POST /_stub/members}, over HTTP so test and stub share no class state), an echo of
 * any other request (method, path, query, headers, body) with two Set-Cookie headers, and a slow path. Presence
 * points at a closed port (an upstream that is down). Also lays out a built SPA in a temporary directory.
 */
public class StubUpstream implements QuarkusTestResourceLifecycleManager {

    private static final Iterable<String> REFRESH_AND_OTHER_COOKIE =
            java.util.List.of("refresh=abc; HttpOnly; Path=/api/auth", "other=1; Path=/");

    private final Set<String> members = ConcurrentHashMap.newKeySet();
    /** How message-service's history answers for a room: {@code gone} (404) or {@code broken} (connection reset). */
    private final Map<String, String> messageRooms = new ConcurrentHashMap<>();

    private Vertx vertx;
    private Path spaDir;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        spaDir = buildSpa();
        return Map.of(
                "chat.services.auth-url", serve("auth"),
                "chat.services.room-url", serve("room"),
                "chat.services.message-url", serve("message"),
                "chat.services.presence-url", "http://127.0.0.1:" + closedPort(),
                "chat.gateway.spa-dir", spaDir.toString());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    /** Starts one service's stub; all share the state above, like services sharing one database would not. */
    private String serve(String service) {
        // As long a request line as the gateway itself accepts, so long proxied URLs are tested end to end.
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setMaxInitialLineLength(16384))
                .requestHandler(request -> handle(service, request));
        try {
            server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(service + " stub upstream did not start", e);
        }
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(String service, HttpServerRequest request) {
        String path = request.path();
        request.body().onSuccess(body -> {
            if (path.equals("/_stub/members")) {
                JsonObject member = body.toJsonObject();
                String key = member.getString("roomId") + ":" + member.getString("userId");
                if (member.getBoolean("remove", false)) {
                    members.remove(key);
                } else {
                    members.add(key);
                }
                request.response().setStatusCode(204).end();
            } else if (path.equals("/_stub/message-rooms")) {
                JsonObject room = body.toJsonObject();
                messageRooms.put(room.getString("roomId"), room.getString("behaviour"));
                request.response().setStatusCode(204).end();
            } else if (service.equals("message")
                    && path.matches("/api/rooms/[^/]+/messages")
                    && request.method().name().equals("GET")) {
                messages(request, path.split("/")[3]);
            } else if (path.equals("/api/users/slow")) {
                vertx.setTimer(3000, id -> request.response().end("{}"));
            } else if (service.equals("room")
                    && path.matches("/api/rooms/[^/]+")
                    && request.method().name().equals("GET")) {
                room(request, path.substring("/api/rooms/".length()));
            } else {
                echo(service, request, body.toString());
            }
        });
    }

    private void room(HttpServerRequest request, String roomId) {
        String userId = subjectOf(request.getHeader("Authorization"));
        if (userId == null || !members.contains(roomId + ":" + userId)) {
            request.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject()
                            .put("status", 404)
                            .put("title", "Not Found")
                            .encode());
            return;
        }
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("id", roomId)
                        .put("name", "room-" + roomId.substring(0, 8))
                        .put("isPrivate", false)
                        .put("isDirect", false)
                        .put("memberCount", 2)
                        .put("myRole", "member")
                        .encode());
    }

    /**
     * message-service's {@code GET /api/rooms/{id}/messages}: one message per call describing the request (the
     * query in its content, the token's subject as author), {@code hasMore: true}.
     */
    private void messages(HttpServerRequest request, String roomId) {
        String behaviour = messageRooms.get(roomId);
        if ("broken".equals(behaviour)) {
            request.connection().close();
            return;
        }
        if ("gone".equals(behaviour)) {
            request.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/problem+json")
                    .end(new JsonObject()
                            .put("status", 404)
                            .put("title", "Not Found")
                            .encode());
            return;
        }
        JsonObject message = new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("roomId", roomId)
                .put("userId", subjectOf(request.getHeader("Authorization")))
                .put("content", request.query())
                .put("type", "text");
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("path", request.path())
                        .put("query", request.query())
                        .put("items", new JsonArray().add(message))
                        .put("nextBefore", (String) null)
                        .put("hasMore", true)
                        .encode());
    }

    private static void echo(String service, HttpServerRequest request, String body) {
        JsonObject echo = new JsonObject()
                .put("service", service)
                .put("method", request.method().name())
                .put("path", request.path())
                .put("query", request.query())
                .put("authorization", request.getHeader("Authorization"))
                .put("cookie", request.getHeader("Cookie"))
                .put("contentType", request.getHeader("Content-Type"))
                .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                .put("forwardedProto", request.getHeader("X-Forwarded-Proto"))
                .put("privateHeader", request.getHeader("X-Private"))
                .put("body", body);
        if (request.path().startsWith("/.well-known/")) {
            request.response().putHeader("Cache-Control", "public, max-age=300");
        }
        request.response()
                .setStatusCode(request.method().name().equals("POST") ? 201 : 200)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Upstream", service)
                .putHeader("Set-Cookie", REFRESH_AND_OTHER_COOKIE)
                .end(echo.encode());
    }

    /** The token's sub, read without verification: the stub trusts the gateway's forwarding here. */
    private static String subjectOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return null;
        }
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        return new JsonObject(claims).getString("sub");
    }

    private static Path buildSpa() {
        try {
            Path dir = Files.createTempDirectory("teamchat-spa");
            Files.writeString(dir.resolve("index.html"), "<!doctype html><title>Teamchat</title><div id=root></div>");
            Files.createDirectories(dir.resolve("assets"));
            Files.writeString(dir.resolve("assets/app-3f9a1c.js"), "console.log('teamchat');");
            Files.writeString(dir.resolve("favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
