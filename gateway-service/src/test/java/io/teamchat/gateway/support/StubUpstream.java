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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays the services behind the gateway, each on its own random port so that a request routed to the wrong service
 * is seen (every answer names the service that answered and the path it got in {@code X-Upstream} and
 * {@code X-Upstream-Path}; echoes also in their body): room-service's
 * {@code GET /api/rooms/{id}} (the room's details for join-room's ack, for any id: whether the user may join is
 * decided from the membership cache), message-service's history and {@code PATCH /api/messages/{id}} (answers as
 * the contract shapes them, so that socket tests can check every ack against the socket protocol; the request is
 * kept for {@code GET /_stub/last-request?path=}), an echo of
 * any other request (method, path, query, headers, body) with two Set-Cookie headers, and a slow path. Presence
 * points at a closed port (an upstream that is down). Also lays out a built SPA in a temporary directory.
 */
public class StubUpstream implements QuarkusTestResourceLifecycleManager {

    private static final Iterable<String> REFRESH_AND_OTHER_COOKIE =
            java.util.List.of("refresh=abc; HttpOnly; Path=/api/auth", "other=1; Path=/");

    /**
     * How message-service's history answers for a room: {@code gone} (404), {@code broken} (connection reset) or
     * {@code last page} (hasMore false; true otherwise).
     */
    private final Map<String, String> messageRooms = new ConcurrentHashMap<>();
    /** The last request each stubbed path got (as an echo), for tests that check what the gateway sent. */
    private final Map<String, JsonObject> lastRequests = new ConcurrentHashMap<>();
    /** auth-service's users by lower-cased username ({@code /_stub/users}), for {@code GET /api/users?usernames=}. */
    private final Map<String, String> userIds = new ConcurrentHashMap<>();
    /** How many times room-service's {@code GET /api/rooms/{id}} was asked for each room ({@code /_stub/room-fetches}). */
    private final Map<String, Integer> roomFetches = new ConcurrentHashMap<>();

    /** The client ports of the connections the stubs hold open ({@code /_stub/open-connection?port=}). */
    private final java.util.Set<Integer> openConnections = ConcurrentHashMap.newKeySet();

    private static final String CREATED_AT = "2026-11-01T09:30:00.123Z";

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
                .connectionHandler(connection -> {
                    int port = connection.remoteAddress().port();
                    openConnections.add(port);
                    connection.closeHandler(closed -> openConnections.remove(port));
                })
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
        if (path.equals("/api/users/early")) {
            // Answers before reading the body, as a service refusing an upload does; names the connection.
            request.response()
                    .putHeader(
                            "X-Upstream-Port",
                            String.valueOf(request.remoteAddress().port()))
                    .end("{}");
            return;
        }
        request.body().onSuccess(body -> {
            if (path.equals("/_stub/message-rooms")) {
                JsonObject room = body.toJsonObject();
                messageRooms.put(room.getString("roomId"), room.getString("behaviour"));
                request.response().setStatusCode(204).end();
            } else if (path.equals("/_stub/open-connection")) {
                request.response()
                        .end(String.valueOf(openConnections.contains(Integer.valueOf(request.getParam("port")))));
            } else if (path.equals("/_stub/room-fetches")) {
                request.response().end(String.valueOf(roomFetches.getOrDefault(request.getParam("id"), 0)));
            } else if (path.equals("/_stub/users")) {
                JsonObject user = body.toJsonObject();
                userIds.put(user.getString("username").toLowerCase(java.util.Locale.ROOT), user.getString("id"));
                request.response().setStatusCode(204).end();
            } else if (service.equals("auth") && path.equals("/api/users") && request.getParam("usernames") != null) {
                io.vertx.core.json.JsonArray users = new io.vertx.core.json.JsonArray();
                for (String name : request.getParam("usernames").split(",")) {
                    String id = userIds.get(name.strip().toLowerCase(java.util.Locale.ROOT));
                    if (id != null) {
                        users.add(new JsonObject().put("id", id).put("username", name.strip()));
                    }
                }
                request.response().putHeader("Content-Type", "application/json").end(users.encode());
            } else if (path.equals("/_stub/last-request")) {
                JsonObject last = lastRequests.get(request.getParam("path"));
                request.response().setStatusCode(last == null ? 404 : 200).end(last == null ? "" : last.encode());
            } else if (service.equals("message")
                    && path.matches("/api/messages/[^/]+")
                    && request.method().name().equals("PATCH")) {
                lastRequests.put(path, echoOf(service, request, body.toString()));
                edited(request, path.substring("/api/messages/".length()), body.toJsonObject());
            } else if (service.equals("message")
                    && path.matches("/api/rooms/[^/]+/messages")
                    && request.method().name().equals("GET")) {
                messages(request, path.split("/")[3]);
            } else if (service.equals("message")
                    && path.matches("/api/rooms/[^/]+/attachments")
                    && request.method().name().equals("POST")) {
                uploaded(request, body.getBytes());
            } else if (service.equals("message")
                    && path.matches("/api/attachments/[^/]+")
                    && request.method().name().equals("GET")) {
                download(request);
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

    /** message-service's upload: what arrived, by size and digest, so a proxy that changed a byte is seen. */
    private static void uploaded(HttpServerRequest request, byte[] body) {
        request.response()
                .setStatusCode(201)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Upstream", "message")
                .putHeader("X-Upstream-Path", request.path())
                .end(new JsonObject()
                        .put("size", body.length)
                        .put("sha256", sha256(body))
                        .put("contentType", request.getHeader("Content-Type"))
                        .put("contentLength", request.getHeader("Content-Length"))
                        .encode());
    }

    /** A large download ({@link #DOWNLOAD}), the whole or the one range asked for, with a download's headers. */
    private static void download(HttpServerRequest request) {
        String range = request.getHeader("Range");
        request.response()
                .putHeader("X-Upstream", "message")
                .putHeader("X-Upstream-Path", request.path())
                .putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Disposition", "attachment; filename=\"data.bin\"")
                .putHeader("Cache-Control", "private, no-cache")
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("ETag", "\"stub\"");
        if (range != null && range.matches("bytes=\\d+-\\d+")) {
            String[] bounds = range.substring("bytes=".length()).split("-");
            int first = Integer.parseInt(bounds[0]);
            int last = Integer.parseInt(bounds[1]);
            request.response()
                    .setStatusCode(206)
                    .putHeader("Content-Range", "bytes " + first + "-" + last + "/" + DOWNLOAD.length)
                    .end(io.vertx.core.buffer.Buffer.buffer(java.util.Arrays.copyOfRange(DOWNLOAD, first, last + 1)));
        } else {
            request.response().end(io.vertx.core.buffer.Buffer.buffer(DOWNLOAD));
        }
    }

    /** The bytes of every stubbed download: 6 MiB, not all zero. */
    public static final byte[] DOWNLOAD = new java.util.Random(6)
            .ints(6 * 1024 * 1024, 0, 256)
            .collect(
                    java.io.ByteArrayOutputStream::new,
                    (out, b) -> out.write(b),
                    (a, b) -> a.write(b.toByteArray(), 0, b.size()))
            .toByteArray();

    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void room(HttpServerRequest request, String roomId) {
        roomFetches.merge(roomId, 1, Integer::sum);
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("id", roomId)
                        .put("name", "room-" + roomId.substring(0, 8))
                        .put("description", (String) null)
                        .put("isPrivate", false)
                        .put("isDirect", false)
                        .put("createdBy", subjectOf(request.getHeader("Authorization")))
                        .put("createdAt", CREATED_AT)
                        .put("updatedAt", CREATED_AT)
                        .put("memberCount", 2)
                        .put("myRole", "member")
                        .encode());
    }

    /** message-service's answer to an edit: the message with the new content, by the caller. */
    private void edited(HttpServerRequest request, String messageId, JsonObject body) {
        request.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Upstream", "message")
                .putHeader("X-Upstream-Path", request.path())
                .end(message(messageId, UUID.randomUUID().toString(), request, body.getString("content"))
                        .put("isEdited", true)
                        .encode());
    }

    private static JsonObject message(String id, String roomId, HttpServerRequest request, String content) {
        return new JsonObject()
                .put("id", id)
                .put("roomId", roomId)
                .put("userId", subjectOf(request.getHeader("Authorization")))
                .put("content", content)
                .put("type", "text")
                .put("isEdited", false)
                .put("createdAt", CREATED_AT)
                .put("updatedAt", CREATED_AT)
                .put("clientMsgId", (String) null);
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
        JsonObject message = message(UUID.randomUUID().toString(), roomId, request, request.query());
        request.response()
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject()
                        .put("path", request.path())
                        .put("query", request.query())
                        .put("items", new JsonArray().add(message))
                        .put("nextBefore", (String) null)
                        // "last page" rooms answer hasMore false, others true: the gateway must pass it on
                        .put("hasMore", !"last page".equals(behaviour))
                        .encode());
    }

    private static void echo(String service, HttpServerRequest request, String body) {
        JsonObject echo = echoOf(service, request, body);
        if (request.path().startsWith("/.well-known/")) {
            request.response().putHeader("Cache-Control", "public, max-age=300");
        }
        request.response()
                .setStatusCode(request.method().name().equals("POST") ? 201 : 200)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Upstream", service)
                .putHeader("X-Upstream-Path", request.path())
                .putHeader("Set-Cookie", REFRESH_AND_OTHER_COOKIE)
                .end(echo.encode());
    }

    /** The request as the echo shows it: method, path, query, the headers tests look at, and the body. */
    private static JsonObject echoOf(String service, HttpServerRequest request, String body) {
        return new JsonObject()
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
