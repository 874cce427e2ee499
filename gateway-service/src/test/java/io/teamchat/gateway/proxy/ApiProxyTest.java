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
        owners.put("PATCH /api/messages/" + message, "message");
        owners.put("DELETE /api/messages/" + message, "message");
        owners.put("GET /api/messages/" + message + "/thread", "message");
        owners.put("PUT /api/messages/" + message + "/reactions/e", "message");
        owners.put("DELETE /api/messages/" + message + "/reactions/e", "message");
        owners.put("PUT /api/messages/" + message + "/pin", "message");
        owners.put("DELETE /api/messages/" + message + "/pin", "message");
        owners.put("GET /api/rooms/" + room + "/pins", "message");
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
