package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.newRegistration;
import static io.teamchat.auth.Accounts.register;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.teamchat.auth.Accounts.Registration;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.Locale;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class RegisterTest {

    @Test
    void registerReturnsUserTokenAndRefreshCookie() {
        Registration registration = newRegistration();

        ExtractableResponse<Response> response = register(registration);

        assertEquals(201, response.statusCode(), response.body().asString());
        assertEquals(registration.username(), response.path("user.username"));
        assertEquals(registration.email(), response.path("user.email"));
        assertEquals(Boolean.FALSE, response.path("user.isOnline"));
        assertTrue(response.body().jsonPath().getMap("user").containsKey("lastSeen"));
        assertNotNull(response.path("user.createdAt"));
        assertEquals(900, (int) response.path("expiresIn"));
        assertEquals(3, ((String) response.path("accessToken")).split("\\.").length);
        assertTrue(response.header("Location").endsWith("/api/users/" + response.path("user.id")));
        assertFalse(response.body().asString().contains(registration.password()));

        String setCookie = response.header("Set-Cookie");
        assertTrue(setCookie.startsWith("refresh_token="), setCookie);
        assertTrue(response.cookie("refresh_token").length() >= 43, "at least 256 bits of token");
        for (String attribute : new String[] {"HttpOnly", "SameSite=Strict", "Path=/api/auth", "Secure"}) {
            assertTrue(setCookie.contains(attribute), setCookie + " lacks " + attribute);
        }
    }

    @Test
    void usernameTakenInAnotherCaseIsConflict() {
        Registration first = newRegistration();
        assertEquals(201, register(first).statusCode());

        given().contentType(ContentType.JSON)
                .body(newRegistration()
                        .withUsername(first.username().toUpperCase(Locale.ROOT))
                        .body())
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("errors.field", hasItem("username"));
    }

    @Test
    void emailTakenInAnotherCaseIsConflict() {
        Registration first = newRegistration();
        assertEquals(201, register(first).statusCode());

        given().contentType(ContentType.JSON)
                .body(newRegistration()
                        .withEmail(first.email().toUpperCase(Locale.ROOT))
                        .body())
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("email"));
    }

    @Test
    void invalidFieldsAreListed() {
        Registration bad =
                newRegistration().withUsername("a b").withEmail("not-an-email").withPassword("short");

        given().contentType(ContentType.JSON)
                .body(bad.body())
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("username", "email", "password"));
    }

    @Test
    void usernameLengthAndCharactersAreChecked() {
        for (String username : new String[] {"ab", "x".repeat(51), "semi;colon", "ünïcode"}) {
            given().contentType(ContentType.JSON)
                    .body(newRegistration().withUsername(username).body())
                    .when()
                    .post("/api/auth/register")
                    .then()
                    .statusCode(400)
                    .body("errors.field", containsInAnyOrder("username"));
        }
        String allCharacterClasses = "Ok.name-" + newRegistration().username();
        assertEquals(
                201,
                register(newRegistration().withUsername(allCharacterClasses)).statusCode());
    }

    @Test
    void passwordLengthIsChecked() {
        given().contentType(ContentType.JSON)
                .body(newRegistration().withPassword("p".repeat(129)).body())
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("password"));
        assertEquals(
                201, register(newRegistration().withPassword("p".repeat(128))).statusCode());
    }

    @Test
    void missingFieldsAndMalformedJsonAreBadRequests() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("username", "email", "password"));
        given().contentType(ContentType.JSON)
                .body("{\"username\":")
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400));
    }
}
