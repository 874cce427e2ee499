package io.teamchat.room;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class OperationsTest {

    // on the management interface (its root path /q is prepended), never on the API port
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void readyWhenItsStoresAre() {
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesMetricsAndOpenApiOnTheManagementPort() {
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get(openapi).then().statusCode(200).body(containsString("/api/rooms/{roomId}/members"));
    }

    @Test
    void theApiPortServesNoOperationalEndpoint() {
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404);
        }
    }
}
