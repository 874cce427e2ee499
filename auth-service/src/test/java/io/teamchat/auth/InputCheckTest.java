package io.teamchat.auth;

import static io.teamchat.auth.Accounts.newRegistration;
import static io.teamchat.auth.Accounts.register;
import static io.teamchat.auth.Accounts.sessionOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.teamchat.auth.Accounts.Registration;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NUL reaches PostgreSQL as an error (a 500) unless refused first; invisible and bidi characters spoof names. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class InputCheckTest {

    private static final String NUL = "\u0000";

    @Test
    void nulInLoginOrPasswordIsABadRequest() {
        Registration registration = sessionOf(newRegistration()).registration();

        assertBadRequest(Accounts.login(registration.username() + NUL, registration.password()));
        assertBadRequest(Accounts.login(registration.username(), registration.password() + NUL));
        assertBadRequest(Accounts.login(NUL + "@example.test", "whatever-password"));
    }

    @Test
    void nulInARegistrationIsABadRequestAndCreatesNothing() {
        Registration registration = newRegistration();

        assertBadRequest(register(registration.withEmail("a" + NUL + registration.email())));
        assertBadRequest(register(registration.withPassword(registration.password() + NUL)));
        assertBadRequest(register(registration.withUsername(registration.username() + NUL)));

        assertEquals(201, register(registration).statusCode(), "none of the refused ones took the name");
    }

    @Test
    void nulInAProfileChangeOrSearchIsABadRequest() {
        Session session = sessionOf(newRegistration());

        for (Map<String, Object> change : List.<Map<String, Object>>of(
                Map.of(
                        "email",
                        "x" + NUL + "@example.test",
                        "currentPassword",
                        session.registration().password()),
                Map.of(
                        "password",
                        "new-password" + NUL,
                        "currentPassword",
                        session.registration().password()),
                Map.of(
                        "password",
                        "new-password",
                        "currentPassword",
                        session.registration().password() + NUL))) {
            assertBadRequest(session.request()
                    .contentType("application/json")
                    .body(change)
                    .when()
                    .patch("/api/users/me")
                    .then()
                    .extract());
        }
        assertBadRequest(session.request()
                .queryParam("q", "us" + NUL)
                .when()
                .get("/api/users")
                .then()
                .extract());
    }

    @Test
    void bidiOverridesAndZeroWidthCharactersAreRefusedInUsernames() {
        for (String spoof : List.of("admin\u202Egnp", "ad\u200Bmin", "ad\u2066min", "ad\uFEFFmin", "ad\u061Cmin")) {
            assertBadRequest(register(newRegistration().withUsername(spoof)));
        }
    }

    @Test
    void avatarsAreHttpsUrlsOrSameOriginPathsOnly() {
        Session session = sessionOf(newRegistration());
        for (String refused : List.of(
                "http://tracker.example.test/pixel.gif",
                "//tracker.example.test/pixel.gif",
                "/\\tracker.example.test/pixel.gif",
                "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
                "javascript:alert(1)")) {
            assertBadRequest(changeAvatar(session, refused));
        }
        for (String accepted : List.of("https://cdn.example.test/a.png", "/api/attachments/0190a0b0-avatar")) {
            assertEquals(200, changeAvatar(session, accepted).statusCode(), accepted);
        }
    }

    private static ExtractableResponse<Response> changeAvatar(Session session, String avatarUrl) {
        return session.request()
                .contentType("application/json")
                .body(Map.of("avatarUrl", avatarUrl))
                .when()
                .patch("/api/users/me")
                .then()
                .extract();
    }

    private static void assertBadRequest(ExtractableResponse<Response> response) {
        assertEquals(400, response.statusCode(), response.body().asString());
        assertEquals("application/problem+json", response.contentType());
    }
}
