package io.teamchat.gateway.spa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.testing.ChatStoresTestResource;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The built SPA (laid out by {@link StubUpstream}) with client-side routing and its headers. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SpaTest {

    // on the management interface (its root path /q is prepended), never on the API port
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @ConfigProperty(name = "chat.gateway.spa-dir")
    String spaDir;

    @Test
    void rootServesIndexHtmlUncachedWithSecurityHeaders() {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("connect-src 'self';"))
                .header("Content-Security-Policy", containsString("style-src 'self';"))
                .header("Content-Security-Policy", not(containsString("ws:")))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .body(containsString("<title>Teamchat</title>"));
    }

    @Test
    void unknownClientRoutesFallBackToIndexHtml() {
        given().get("/rooms/7b0e6d6a-1f53-4a5e-9d3f-6f4d2a1b9c00")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<div id=root>"));
    }

    @Test
    void hashedAssetsAreCachedForAYear() {
        given().get("/assets/app-3f9a1c.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", containsString("immutable"))
                .body(equalTo("console.log('teamchat');"));
    }

    @Test
    void missingFilesAreNotAnsweredWithHtml() {
        given().get("/assets/gone-123.js").then().statusCode(404).contentType(startsWith("text/plain"));
    }

    @Test
    void pathTraversalStaysInsideTheSpaDirectory() {
        // Dot segments are resolved before the lookup: this is the client route /etc/passwd, i.e. index.html.
        given().urlEncodingEnabled(false)
                .get("/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd")
                .then()
                .statusCode(200)
                .body(containsString("<title>Teamchat</title>"))
                .body(not(containsString("root:")));
    }

    @Test
    void operationalEndpointsAreOnlyOnTheManagementPort() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        given().get(metrics).then().statusCode(200).body(containsString("chat_gateway_sockets_connected"));
        // through the gateway's public port they are neither served nor shadowed by the SPA's index.html
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404);
        }
    }

    @Test
    void withoutABuiltFrontendThePageSaysHowToBuildIt() throws Exception {
        // The directory is looked up per request: moving it away is what "not built" looks like at runtime.
        Path dir = Path.of(spaDir);
        Path away = dir.resolveSibling(dir.getFileName() + "-away");
        Files.move(dir, away);
        try {
            given().get("/")
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/plain"))
                    .header("X-Content-Type-Options", "nosniff")
                    .body(containsString("not built"))
                    .body(containsString("npm run build"));
            given().get("/rooms/anything").then().statusCode(200).body(containsString("not built"));
            given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        } finally {
            Files.move(away, dir);
        }
    }
}
