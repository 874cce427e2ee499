package io.teamchat.auth;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.teamchat.auth.user.User;
import java.util.Map;
import java.util.UUID;

/** Test data: fresh, unique accounts registered through the API. */
public final class Accounts {

    public static final String REFRESH_COOKIE = "refresh_token";

    private Accounts() {}

    /** What a client registers with; {@code with...} for the field a test cares about. */
    public record Registration(String username, String email, String password) {

        public Registration withUsername(String value) {
            return new Registration(value, email, password);
        }

        public Registration withEmail(String value) {
            return new Registration(username, value, password);
        }

        public Registration withPassword(String value) {
            return new Registration(username, email, value);
        }

        public Map<String, Object> body() {
            return Map.of("username", username, "email", email, "password", password);
        }
    }

    /** A logged-in client: its user id, access token and refresh cookie value. */
    public record Session(UUID userId, String accessToken, String refreshToken, Registration registration) {

        public RequestSpecification request() {
            return given().auth().oauth2(accessToken);
        }
    }

    public static Registration newRegistration() {
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Registration("user_" + tag, "user." + tag + "@example.test", "secret-" + tag);
    }

    public static ExtractableResponse<Response> register(Registration registration) {
        return given().contentType(ContentType.JSON)
                .body(registration.body())
                .when()
                .post("/api/auth/register")
                .then()
                .extract();
    }

    public static ExtractableResponse<Response> login(String login, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .when()
                .post("/api/auth/login")
                .then()
                .extract();
    }

    public static Session newSession() {
        return sessionOf(newRegistration());
    }

    /** A user who is certainly no admin: the first account ever is one, so another is registered before. */
    public static Session newNonAdminSession() {
        newSession();
        return newSession();
    }

    /** A new account made admin directly in the database (any test profile), logged in after the change. */
    public static Session newAdminSession() {
        Session session = newSession();
        QuarkusTransaction.requiringNew().run(() -> User.update("admin = true where id = ?1", session.userId()));
        return loginAs(session.registration());
    }

    public static Session sessionOf(Registration registration) {
        return toSession(expect(register(registration), 201), registration);
    }

    public static Session loginAs(Registration registration) {
        return toSession(expect(login(registration.username(), registration.password()), 200), registration);
    }

    public static ExtractableResponse<Response> refresh(String refreshToken) {
        return given().cookie(REFRESH_COOKIE, refreshToken)
                .when()
                .post("/api/auth/refresh")
                .then()
                .extract();
    }

    public static void logout(String refreshToken) {
        given().cookie(REFRESH_COOKIE, refreshToken)
                .when()
                .post("/api/auth/logout")
                .then()
                .statusCode(204);
    }

    static Session toSession(ExtractableResponse<Response> response, Registration registration) {
        return new Session(
                UUID.fromString(response.path("user.id")),
                response.path("accessToken"),
                response.cookie(REFRESH_COOKIE),
                registration);
    }

    private static ExtractableResponse<Response> expect(ExtractableResponse<Response> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": "
                    + response.body().asString());
        }
        return response;
    }
}
