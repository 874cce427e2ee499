package io.teamchat.auth;

import static io.restassured.RestAssured.given;
import static io.teamchat.auth.Accounts.newNonAdminSession;
import static io.teamchat.auth.Accounts.newRegistration;
import static io.teamchat.auth.Accounts.newSession;
import static io.teamchat.auth.Accounts.sessionOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class UserResourceTest {

    @Test
    void meNeedsAToken() {
        given().when()
                .get("/api/users/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("instance", equalTo("/api/users/me"));
    }

    @Test
    void meWithATokenShowsTheCallerWithEmail() {
        Session session = newSession();

        session.request()
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(session.userId().toString()))
                .body("username", equalTo(session.registration().username()))
                .body("email", equalTo(session.registration().email()))
                .body("avatarUrl", nullValue())
                .body("isOnline", equalTo(false))
                .body("$", hasKey("lastSeen"))
                .body("$", not(hasKey("passwordHash")));
    }

    @Test
    void tokensNotSignedByThisServiceAreRejected() {
        Session session = newSession();
        String foreign =
                TestTokens.issue(session.userId(), session.registration().username());

        given().auth().oauth2(foreign).when().get("/api/users/me").then().statusCode(401);
        given().auth()
                .oauth2(session.accessToken() + "x")
                .when()
                .get("/api/users/me")
                .then()
                .statusCode(401);
        given().auth().oauth2("garbage").when().get("/api/users/me").then().statusCode(401);
    }

    @Test
    void otherUsersDoNotSeeTheEmail() {
        Session alice = newSession();
        Session bob = newNonAdminSession();

        bob.request()
                .when()
                .get("/api/users/" + alice.userId())
                .then()
                .statusCode(200)
                .body("username", equalTo(alice.registration().username()))
                .body("$", not(hasKey("email")));
        alice.request()
                .when()
                .get("/api/users/" + alice.userId())
                .then()
                .statusCode(200)
                .body("email", equalTo(alice.registration().email()));
    }

    @Test
    void unknownUserIsNotFound() {
        newSession()
                .request()
                .when()
                .get("/api/users/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        newSession().request().when().get("/api/users/not-a-uuid").then().statusCode(404);
    }

    @Test
    void batchLookupKeepsTheOrderAskedAndSkipsUnknownIds() {
        Session caller = newNonAdminSession();
        Session a = newSession();
        Session b = newSession();
        String ids = b.userId() + "," + UUID.randomUUID() + "," + a.userId();

        caller.request()
                .queryParam("ids", ids)
                .when()
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("id", contains(b.userId().toString(), a.userId().toString()))
                .body("findAll { it.email != null }.size()", equalTo(0));
    }

    @Test
    void batchLookupIsLimitedAndChecked() {
        Session caller = newSession();
        String tooMany = IntStream.range(0, 101)
                .mapToObj(i -> UUID.randomUUID().toString())
                .collect(Collectors.joining(","));

        caller.request()
                .queryParam("ids", tooMany)
                .when()
                .get("/api/users")
                .then()
                .statusCode(400)
                .body("errors.field", contains("ids"));
        caller.request()
                .queryParam("ids", "x,y")
                .when()
                .get("/api/users")
                .then()
                .statusCode(400)
                .body("errors.field", contains("ids"));
        caller.request().when().get("/api/users").then().statusCode(400);
    }

    @Test
    void searchByUsernamePrefixIgnoresCaseAndTreatsWildcardsLiterally() {
        String prefix = "Srch" + UUID.randomUUID().toString().substring(0, 6);
        Session first = sessionOf(newRegistration().withUsername(prefix + "_one"));
        Session second = sessionOf(newRegistration().withUsername(prefix + ".two"));
        sessionOf(newRegistration().withUsername(prefix + "xthree"));

        first.request()
                .queryParam("q", prefix.toLowerCase())
                .when()
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("username", containsInAnyOrder(prefix + "_one", prefix + ".two", prefix + "xthree"));
        first.request()
                .queryParam("q", prefix + "_")
                .when()
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("username", contains(prefix + "_one"));
        second.request()
                .queryParam("q", prefix + "_")
                .when()
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("findAll { it.email != null }.size()", equalTo(0));
    }

    @Test
    void lookupByUsernamesIsExactInAnyCaseAndSkipsUnknownNames() {
        String prefix = "Mnt" + UUID.randomUUID().toString().substring(0, 6);
        Session first = sessionOf(newRegistration().withUsername(prefix + "_one"));
        sessionOf(newRegistration().withUsername(prefix + "_one_more"));

        first.request()
                .queryParam("usernames", (prefix + "_ONE").toLowerCase() + ", nobody_" + prefix + "," + prefix + "_one")
                .when()
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("username", contains(prefix + "_one"));
        first.request()
                .queryParam("usernames", "a")
                .queryParam("q", "a")
                .when()
                .get("/api/users")
                .then()
                .statusCode(400);
    }

    @Test
    void searchReturnsAtMostTwenty() {
        String prefix = "many" + UUID.randomUUID().toString().substring(0, 6);
        IntStream.range(0, 21).forEach(i -> Accounts.register(newRegistration().withUsername(prefix + i)));

        newSession()
                .request()
                .queryParam("q", prefix)
                .when()
                .get("/api/users")
                .then()
                .statusCode(200)
                .body("size()", equalTo(20));
    }

    @Test
    void patchMeChangesNameAndAvatar() {
        Session session = newSession();
        String newName = "renamed_" + UUID.randomUUID().toString().substring(0, 8);

        session.request()
                .contentType("application/json")
                .body(Map.of("username", newName, "avatarUrl", "https://cdn.example.test/a.png"))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(200)
                .body("username", equalTo(newName))
                .body("avatarUrl", equalTo("https://cdn.example.test/a.png"));

        session.request()
                .contentType("application/json")
                .body(Map.of("avatarUrl", ""))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(200)
                .body("username", equalTo(newName))
                .body("avatarUrl", nullValue());
        assertEquals(
                200, Accounts.login(newName, session.registration().password()).statusCode());
    }

    @Test
    void patchMeRejectsBadValuesAndTakenNames() {
        Session session = newSession();
        Session other = newSession();

        session.request()
                .contentType("application/json")
                .body(Map.of("avatarUrl", "javascript:alert(1)"))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(400)
                .body("errors.field", contains("avatarUrl"));
        session.request()
                .contentType("application/json")
                .body(Map.of("username", other.registration().username().toUpperCase()))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(409)
                .body("errors.field", contains("username"));
    }

    @Test
    void emailOrPasswordChangeNeedsTheCurrentPassword() {
        Session session = newSession();
        String newEmail = newRegistration().email();

        session.request()
                .contentType("application/json")
                .body(Map.of("email", newEmail))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(400)
                .body("errors.field", contains("currentPassword"));
        session.request()
                .contentType("application/json")
                .body(Map.of("password", "another-password", "currentPassword", "wrong-password"))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(400)
                .body("errors.field", contains("currentPassword"));
        session.request()
                .contentType("application/json")
                .body(Map.of(
                        "email",
                        newEmail,
                        "currentPassword",
                        session.registration().password()))
                .when()
                .patch("/api/users/me")
                .then()
                .statusCode(200)
                .body("email", equalTo(newEmail));
        assertEquals(
                200, Accounts.login(newEmail, session.registration().password()).statusCode());
    }

    @Test
    void adminEndpointsNeedTheAdminRole() {
        Session caller = newNonAdminSession();
        Session target = newSession();

        caller.request()
                .when()
                .put("/api/users/" + target.userId() + "/admin")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        caller.request()
                .when()
                .delete("/api/users/" + target.userId() + "/admin")
                .then()
                .statusCode(403);
        given().when().put("/api/users/" + target.userId() + "/admin").then().statusCode(401);
    }
}
