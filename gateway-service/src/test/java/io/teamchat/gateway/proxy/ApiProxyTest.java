package io.teamchat.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The route table in front of a stub upstream: what goes through, what comes back, and upstream failures. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class ApiProxyTest {

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "chat.services.auth-url")
    String authServiceUrl;

    @Test
    void forwardsMethodPathQueryHeadersAndBodyAndReturnsStatusAndHeaders() {
        String body = "{\"login\":\"alice\",\"password\":\"" + UUID.randomUUID() + "\"}";
        given().contentType("application/json")
                .header("Authorization", "Bearer abc.def.ghi")
                .cookie("refresh", "r1")
                .header("Connection", "keep-alive, X-Private")
                .header("X-Private", "hop")
                .body(body)
                .post("/api/auth/login?remember=yes")
                .then()
                .statusCode(201)
                .header("X-Upstream", "auth")
                .header("Content-Type", startsWith("application/json"))
                .body("method", equalTo("POST"))
                .body("path", equalTo("/api/auth/login"))
                .body("query", equalTo("remember=yes"))
                .body("authorization", equalTo("Bearer abc.def.ghi"))
                .body("cookie", containsString("refresh=r1"))
                .body("contentType", startsWith("application/json"))
                .body("body", equalTo(body))
                .body("privateHeader", nullValue());
    }

    /** Each upstream is its own server naming itself, so a path sent to the wrong service fails here. */
    @Test
    void everyPathGoesToTheServiceThatOwnsIt() {
        String room = UUID.randomUUID().toString();
        String message = UUID.randomUUID().toString();
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("POST /api/auth/login", "auth");
        owners.put("POST /api/auth/refresh", "auth");
        owners.put("GET /api/users/me", "auth");
        owners.put("GET /api/users", "auth");
        owners.put("PUT /api/users/" + message + "/admin", "auth");
        owners.put("GET /.well-known/jwks.json", "auth");
        owners.put("GET /api/admin/audit", "auth");
        owners.put("POST /api/rooms/" + room + "/messages", "message");
        owners.put("GET /api/rooms/" + room + "/messages/search", "message");
        owners.put("PUT /api/rooms/" + room + "/read", "message");
        owners.put("PATCH /api/messages/" + message, "message");
        owners.put("DELETE /api/messages/" + message, "message");
        owners.put("GET /api/messages/" + message + "/thread", "message");
        owners.put("PUT /api/messages/" + message + "/reactions/e", "message");
        owners.put("DELETE /api/messages/" + message + "/reactions/e", "message");
        owners.put("PUT /api/messages/" + message + "/pin", "message");
        owners.put("DELETE /api/messages/" + message + "/pin", "message");
        owners.put("GET /api/rooms/" + room + "/pins", "message");
        owners.put("POST /api/rooms/" + room + "/attachments", "message");
        owners.put("GET /api/attachments/" + message, "message");
        owners.put("GET /api/attachments/" + message + "/thumbnail", "message");
        owners.put("GET /api/rooms", "room");
        owners.put("POST /api/rooms", "room");
        owners.put("POST /api/rooms/direct", "room");
        owners.put("PATCH /api/rooms/" + room, "room");
        owners.put("DELETE /api/rooms/" + room, "room");
        owners.put("POST /api/rooms/" + room + "/join", "room");
        owners.put("GET /api/rooms/" + room + "/members", "room");
        owners.put("DELETE /api/rooms/" + room + "/members/" + message, "room");
        owners.forEach((request, service) -> {
            String[] methodAndPath = request.split(" ");
            given().contentType("application/json")
                    .body("{}")
                    .request(methodAndPath[0], methodAndPath[1])
                    .then()
                    .statusCode(methodAndPath[0].equals("POST") ? 201 : 200)
                    .header("X-Upstream", service)
                    .header("X-Upstream-Path", methodAndPath[1]);
        });
    }

    @Test
    void xForwardedForIsTheClientAsSeenNotWhatTheClientClaims() {
        given().header("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
                .header("X-Forwarded-Proto", "https")
                .get("/api/users/me")
                .then()
                .statusCode(200)
                .body("forwardedFor", equalTo("127.0.0.1"))
                .body("forwardedProto", equalTo("http"));
    }

    @Test
    void apiAnswersAreNeverSniffedNorStoredUnlessTheServiceSaysSo() {
        given().get("/api/users/me")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
        given().get("/api/nothing-here")
                .then()
                .statusCode(404)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store");
        given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "public, max-age=300");
    }

    @Test
    void everySetCookieHeaderComesBack() {
        var response = given().get("/api/users/me").then().statusCode(200).extract();
        org.hamcrest.MatcherAssert.assertThat(
                response.headers().getValues("Set-Cookie"),
                hasItems("refresh=abc; HttpOnly; Path=/api/auth", "other=1; Path=/"));
    }

    @Test
    void messagePathsUnderRoomsGoToMessageService() {
        UUID roomId = UUID.randomUUID();
        given().get("/api/rooms/" + roomId + "/messages?limit=5")
                .then()
                .statusCode(200)
                .body("path", equalTo("/api/rooms/" + roomId + "/messages"))
                .body("query", equalTo("limit=5"));
    }

    @Test
    void aLongRequestLineIsProxiedWhole() {
        // GET /api/presence with 200 user ids: ~7.5 KB of request line, over Vert.x's default limit of 4096.
        String ids = String.join(
                ",",
                Stream.generate(() -> UUID.randomUUID().toString()).limit(200).toList());
        given().urlEncodingEnabled(false)
                .get("/api/users?userIds=" + ids)
                .then()
                .statusCode(200)
                .body("path", equalTo("/api/users"))
                .body("query", equalTo("userIds=" + ids));
    }

    @Test
    void uploadsAndDownloadsStreamThroughByteForByteWithTheirHeaders() {
        byte[] file = new java.util.Random(1)
                .ints(10 * 1024 * 1024, 0, 256)
                .collect(
                        java.io.ByteArrayOutputStream::new,
                        (out, b) -> out.write(b),
                        (a, b) -> a.write(b.toByteArray(), 0, b.size()))
                .toByteArray();
        var upload = ProxyWarnings.during(() -> given().multiPart("file", "big.bin", file, "application/octet-stream")
                .post("/api/rooms/" + UUID.randomUUID() + "/attachments"));
        org.junit.jupiter.api.Assertions.assertEquals(
                201, upload.result().statusCode(), () -> "the proxy logged: " + upload.warnings());
        var uploaded = upload.result()
                .then()
                .header("X-Upstream", "message")
                .body("contentType", startsWith("multipart/form-data; boundary="))
                .extract()
                .jsonPath();
        // The multipart body arrived whole: the file plus the envelope.
        org.junit.jupiter.api.Assertions.assertTrue(uploaded.getInt("size") > file.length);

        var whole = given().get("/api/attachments/" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .header("Cache-Control", "private, no-cache")
                .header("Content-Disposition", startsWith("attachment;"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Accept-Ranges", "bytes")
                .extract();
        org.junit.jupiter.api.Assertions.assertEquals(
                StubUpstream.sha256(StubUpstream.DOWNLOAD), StubUpstream.sha256(whole.asByteArray()));

        var part = given().header("Range", "bytes=1000-1999")
                .get("/api/attachments/" + UUID.randomUUID())
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes 1000-1999/" + StubUpstream.DOWNLOAD.length)
                .extract();
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                java.util.Arrays.copyOfRange(StubUpstream.DOWNLOAD, 1000, 2000), part.asByteArray());
    }

    /** The proxy's timeout (2 s in tests) counts from the end of the request body: a slow upload is not cut off. */
    @Test
    void aSlowUploadIsNotCutOffByTheResponseTimeout() throws Exception {
        byte[] piece = new byte[64 * 1024];
        java.io.InputStream slow = new java.io.InputStream() {
            private int pieces;
            private int at = piece.length;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == piece.length) {
                    if (pieces == 6) {
                        return -1;
                    }
                    pieces++;
                    at = 0;
                    try {
                        Thread.sleep(600); // a slow client: 6 x 600 ms, longer than the 2 s timeout
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int n = Math.min(len, piece.length - at);
                at += n;
                return n;
            }
        };
        java.net.http.HttpRequest upload = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                        + io.restassured.RestAssured.port + "/api/rooms/" + UUID.randomUUID() + "/attachments"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                        java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> slow), 6L * piece.length))
                .build();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build()) {
            var answer = client.send(upload, java.net.http.HttpResponse.BodyHandlers.ofString());
            org.junit.jupiter.api.Assertions.assertEquals(201, answer.statusCode(), answer.body());
            org.junit.jupiter.api.Assertions.assertTrue(answer.body().contains("\"size\":" + 6 * piece.length));
        }
    }

    /**
     * The response timeout is armed once the request body has gone up. An answer that came before that (a service
     * refusing an upload early) must not get it armed after all: it would fire on the finished exchange and close
     * the pooled connection under whichever request took it next (an intermittent 502).
     */
    @Test
    void anAnswerBeforeTheWholeBodyLeavesItsConnectionOpen() throws Exception {
        String port = given().contentType("application/octet-stream")
                .body(new byte[4 * 1024 * 1024])
                .post("/api/users/early")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Upstream-Port");
        Thread.sleep(2_500); // past the proxy's timeout (2 s in tests)
        given().get(authServiceUrl + "/_stub/open-connection?port=" + port)
                .then()
                .statusCode(200)
                .body(equalTo("true"));
    }

    @Test
    void jwksIsProxiedToAuthService() {
        given().get("/.well-known/jwks.json").then().statusCode(200).body("path", equalTo("/.well-known/jwks.json"));
    }

    @Test
    void anUpstreamThatIsDownIs502ProblemJson() {
        given().get("/api/presence?userIds=" + UUID.randomUUID())
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("title", equalTo("Bad Gateway"))
                .body("detail", equalTo("The service behind this path is not reachable."));
    }

    @Test
    void anUpstreamThatDoesNotAnswerInTimeIs504ProblemJson() {
        given().get("/api/users/slow")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("status", equalTo(504));
        // With a body the timeout starts once the body has gone up: the same 504.
        given().contentType("application/json")
                .body("{}")
                .post("/api/users/slow")
                .then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("status", equalTo(504));
    }

    @Test
    void anApiPathWithoutARouteIs404ProblemJson() {
        given().get("/api/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("stackTrace", nullValue());
    }
}
