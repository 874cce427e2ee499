package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.newRegistration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.teamchat.auth.Accounts.Registration;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Brute-force limits with small numbers. Each test speaks from its own made-up client address through
 * X-Forwarded-For, which auth-service believes because the test connects from a trusted proxy address (loopback).
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallLimits.class)
@QuarkusTestResource(ChatStoresTestResource.class)
class RateLimitTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.auth.rate-limit.per-address", "12",
                    "chat.auth.rate-limit.failures-per-account-and-address", "3",
                    "chat.auth.rate-limit.failures-per-account", "5");
        }
    }

    @Test
    void wrongPasswordsFromOneAddressLockThatAddressOutOfTheAccountOnly() {
        Registration victim = registered();
        String attacker = randomAddress();

        for (int i = 0; i < 3; i++) {
            assertEquals(
                    401, loginFrom(attacker, victim.username(), "wrong-" + i).statusCode());
        }
        ExtractableResponse<Response> refused = loginFrom(attacker, victim.username(), victim.password());
        assertEquals(429, refused.statusCode(), "even the right password is refused during the lockout");
        assertEquals("application/problem+json", refused.contentType());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, "at most one account window: " + retryAfter);

        assertEquals(
                200,
                loginFrom(randomAddress(), victim.username(), victim.password()).statusCode(),
                "the real user elsewhere still gets in");
        assertEquals(
                401,
                loginFrom(attacker, registered().username(), "wrong").statusCode(),
                "other accounts are not locked for the attacker's address");
    }

    @Test
    void usernameAndEmailCountAsOneAccount() {
        Registration victim = registered();
        String attacker = randomAddress();

        loginFrom(attacker, victim.username(), "wrong-1");
        loginFrom(attacker, victim.email(), "wrong-2");
        loginFrom(attacker, victim.username().toUpperCase(), "wrong-3");

        assertEquals(429, loginFrom(attacker, victim.email(), victim.password()).statusCode());
    }

    @Test
    void guessesSpreadOverManyAddressesLockTheAccountForAWindow() {
        Registration victim = registered();

        for (int i = 0; i < 5; i++) {
            assertEquals(
                    401,
                    loginFrom(randomAddress(), victim.username(), "wrong-" + i).statusCode());
        }

        assertEquals(
                429,
                loginFrom(randomAddress(), victim.username(), victim.password()).statusCode());
    }

    @Test
    void aRightPasswordForgivesThatAddressesEarlierMistakes() {
        Registration user = registered();
        String address = randomAddress();

        loginFrom(address, user.username(), "typo-1");
        loginFrom(address, user.username(), "typo-2");
        assertEquals(200, loginFrom(address, user.username(), user.password()).statusCode());
        loginFrom(address, user.username(), "typo-3");
        loginFrom(address, user.username(), "typo-4");

        assertEquals(200, loginFrom(address, user.username(), user.password()).statusCode());
    }

    @Test
    void everyCredentialEndpointCountsAgainstTheAddress() {
        String address = randomAddress();
        int accepted = 0;
        ExtractableResponse<Response> last = null;
        for (int i = 0; i < 14; i++) {
            last = switch (i % 3) {
                case 0 -> loginFrom(address, newRegistration().username(), "nobody");
                case 1 ->
                    given().header("X-Forwarded-For", address)
                            .cookie(Accounts.REFRESH_COOKIE, "not-a-token")
                            .when()
                            .post("/api/auth/refresh")
                            .then()
                            .extract();
                default ->
                    given().header("X-Forwarded-For", address)
                            .contentType(ContentType.JSON)
                            .body(newRegistration().body())
                            .when()
                            .post("/api/auth/register")
                            .then()
                            .extract();
            };
            if (last.statusCode() != 429) {
                accepted++;
            }
        }
        assertEquals(12, accepted);
        assertEquals(429, last.statusCode());
        assertTrue(Long.parseLong(last.header("Retry-After")) <= 60);
        assertEquals(
                401,
                loginFrom(randomAddress(), newRegistration().username(), "nobody")
                        .statusCode(),
                "another address is not affected");
    }

    private static Registration registered() {
        Registration registration = newRegistration();
        given().header("X-Forwarded-For", randomAddress())
                .contentType(ContentType.JSON)
                .body(registration.body())
                .when()
                .post("/api/auth/register")
                .then()
                .statusCode(201);
        return registration;
    }

    private static ExtractableResponse<Response> loginFrom(String address, String login, String password) {
        return given().header("X-Forwarded-For", address)
                .contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .when()
                .post("/api/auth/login")
                .then()
                .extract();
    }

    /** A documentation-range address (RFC 5737), different for every call. */
    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
