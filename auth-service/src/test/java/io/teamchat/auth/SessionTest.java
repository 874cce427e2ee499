package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.REFRESH_COOKIE;
import static io.teamchat.auth.Accounts.loginAs;
import static io.teamchat.auth.Accounts.newSession;
import static io.teamchat.auth.Accounts.refresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class SessionTest {

    @Test
    void refreshRotatesTheCookieAndIssuesANewAccessToken() {
        Session session = newSession();

        ExtractableResponse<Response> refreshed = refresh(session.refreshToken());

        assertEquals(200, refreshed.statusCode(), refreshed.body().asString());
        assertEquals(session.userId().toString(), refreshed.path("user.id"));
        assertNotEquals(session.accessToken(), refreshed.path("accessToken"));
        String rotated = refreshed.cookie(REFRESH_COOKIE);
        assertNotEquals(session.refreshToken(), rotated);
        assertTrue(refreshed.header("Set-Cookie").contains("HttpOnly"));
        given().auth()
                .oauth2(refreshed.path("accessToken"))
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(200);
        assertEquals(200, refresh(rotated).statusCode());
    }

    @Test
    void reusingARotatedTokenAfterTheGraceWindowRevokesTheWholeFamily() {
        Session session = newSession();
        String rotated = refresh(session.refreshToken()).cookie(REFRESH_COOKIE);
        RefreshRows.endGraceOf(session.refreshToken());

        ExtractableResponse<Response> replay = refresh(session.refreshToken());

        assertEquals(401, replay.statusCode());
        assertEquals("application/problem+json", replay.contentType());
        assertTrue(replay.header("Set-Cookie").contains("Max-Age=0"), replay.header("Set-Cookie"));
        assertEquals(401, refresh(rotated).statusCode(), "the thief's or the owner's newer token dies too");
    }

    @Test
    void otherFamiliesSurviveATheft() {
        Session stolen = newSession();
        Session otherDevice = loginAs(stolen.registration());
        refresh(stolen.refreshToken());
        RefreshRows.endGraceOf(stolen.refreshToken());
        assertEquals(401, refresh(stolen.refreshToken()).statusCode());

        assertEquals(200, refresh(otherDevice.refreshToken()).statusCode());
    }

    @Test
    void logoutRevokesTheFamilyAndClearsTheCookie() {
        Session session = newSession();
        String rotated = refresh(session.refreshToken()).cookie(REFRESH_COOKIE);

        ExtractableResponse<Response> logout = given().cookie(REFRESH_COOKIE, rotated)
                .when()
                .post("/api/auth/logout")
                .then()
                .extract();

        assertEquals(204, logout.statusCode());
        String setCookie = logout.header("Set-Cookie");
        assertTrue(setCookie.startsWith("refresh_token=;") || setCookie.startsWith("refresh_token=\"\""), setCookie);
        assertTrue(setCookie.contains("Max-Age=0") && setCookie.contains("Path=/api/auth"), setCookie);
        assertEquals(401, refresh(rotated).statusCode());
    }

    @Test
    void logoutWithoutCookieIsStillNoContent() {
        given().when().post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void refreshWithoutOrWithUnknownCookieIsUnauthorized() {
        given().when().post("/api/auth/refresh").then().statusCode(401).contentType("application/problem+json");
        assertEquals(401, refresh("not-a-token-we-issued").statusCode());
    }

    @Test
    void passwordChangeLogsOutEverySession() {
        Session session = newSession();
        String newPassword = session.registration().password() + "-new";

        session.request()
                .contentType("application/json")
                .body(Map.of(
                        "password",
                        newPassword,
                        "currentPassword",
                        session.registration().password()))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(200);

        assertEquals(401, refresh(session.refreshToken()).statusCode());
        assertEquals(
                200,
                Accounts.login(session.registration().username(), newPassword).statusCode());
        assertEquals(
                401,
                Accounts.login(
                                session.registration().username(),
                                session.registration().password())
                        .statusCode());
    }
}
