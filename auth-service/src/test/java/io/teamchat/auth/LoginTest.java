package io.teamchat.auth;

import static io.teamchat.auth.Accounts.login;
import static io.teamchat.auth.Accounts.newRegistration;
import static io.teamchat.auth.Accounts.sessionOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.teamchat.auth.Accounts.Registration;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class LoginTest {

    @Test
    void loginByUsernameInAnyCase() {
        Session registered = sessionOf(newRegistration());
        Registration registration = registered.registration();

        ExtractableResponse<Response> response =
                login(registration.username().toUpperCase(Locale.ROOT), registration.password());

        assertEquals(200, response.statusCode(), response.body().asString());
        assertEquals(registered.userId().toString(), response.path("user.id"));
        assertEquals(registration.email(), response.path("user.email"));
        assertNotNull(response.path("accessToken"));
        assertEquals(900, (int) response.path("expiresIn"));
        String setCookie = response.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
    }

    @Test
    void loginByEmailInAnyCase() {
        Registration registration = sessionOf(newRegistration()).registration();

        ExtractableResponse<Response> response =
                login(registration.email().toUpperCase(Locale.ROOT), registration.password());

        assertEquals(200, response.statusCode(), response.body().asString());
        assertEquals(registration.username(), response.path("user.username"));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Registration registration = sessionOf(newRegistration()).registration();

        ExtractableResponse<Response> wrongPassword = login(registration.username(), registration.password() + "x");
        ExtractableResponse<Response> unknownUser = login(newRegistration().username(), registration.password());
        ExtractableResponse<Response> unknownEmail = login(newRegistration().email(), registration.password());

        for (ExtractableResponse<Response> response : List.of(wrongPassword, unknownUser, unknownEmail)) {
            assertEquals(401, response.statusCode());
            assertEquals("application/problem+json", response.contentType());
            assertNull(response.header("Set-Cookie"));
        }
        assertEquals(wrongPassword.body().asString(), unknownUser.body().asString());
        assertEquals(wrongPassword.body().asString(), unknownEmail.body().asString());
    }

    @Test
    void passwordsAreCaseSensitive() {
        Registration registration = sessionOf(newRegistration()).registration();

        String shouted = registration.password().toUpperCase(Locale.ROOT);
        assertEquals(401, login(registration.username(), shouted).statusCode());
    }
}
