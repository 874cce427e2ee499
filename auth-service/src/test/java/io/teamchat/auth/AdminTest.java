package io.teamchat.auth;

import static io.teamchat.auth.Accounts.loginAs;
import static io.teamchat.auth.Accounts.newSession;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs on its own application and database (a distinct test profile), so the first account is made here. */
@QuarkusTest
@TestProfile(AdminTest.FreshDatabase.class)
@QuarkusTestResource(ChatStoresTestResource.class)
class AdminTest {

    /** No overrides: a profile of its own only restarts the application with fresh stores. */
    public static class FreshDatabase implements QuarkusTestProfile {}

    private static Session firstUser;

    @BeforeEach
    void registerTheFirstUser() {
        if (firstUser == null) {
            firstUser = newSession();
        }
    }

    @Test
    void theFirstUserIsAnAdminAndLaterOnesAreNot() {
        assertTrue(groupsOf(firstUser.accessToken()).contains("\"admin\""));
        String later = newSession().accessToken();
        assertTrue(groupsOf(later).contains("\"user\""));
        assertTrue(!groupsOf(later).contains("\"admin\""));
    }

    @Test
    void adminsSeeEveryonesEmail() {
        Session other = newSession();

        firstUser
                .request()
                .when()
                .get("/api/users/" + other.userId())
                .then()
                .statusCode(200)
                .body("email", equalTo(other.registration().email()));
    }

    @Test
    void grantAndRevokeTakeEffectAtTheNextToken() {
        Session user = newSession();

        firstUser
                .request()
                .when()
                .put("/api/users/" + user.userId() + "/admin")
                .then()
                .statusCode(204);
        Session promoted = loginAs(user.registration());
        assertTrue(groupsOf(promoted.accessToken()).contains("\"admin\""));
        promoted.request()
                .when()
                .get("/api/users/" + firstUser.userId())
                .then()
                .statusCode(200)
                .body("email", equalTo(firstUser.registration().email()));

        promoted.request()
                .when()
                .delete("/api/users/" + user.userId() + "/admin")
                .then()
                .statusCode(204);
        assertTrue(!groupsOf(loginAs(user.registration()).accessToken()).contains("\"admin\""));
        // the old token keeps its groups until it expires
        assertTrue(groupsOf(promoted.accessToken()).contains("\"admin\""));
    }

    @Test
    void grantingTwiceIsHarmlessAndUnknownUsersAreNotFound() {
        Session user = newSession();

        firstUser
                .request()
                .when()
                .put("/api/users/" + user.userId() + "/admin")
                .then()
                .statusCode(204);
        firstUser
                .request()
                .when()
                .put("/api/users/" + user.userId() + "/admin")
                .then()
                .statusCode(204);
        firstUser
                .request()
                .when()
                .put("/api/users/" + UUID.randomUUID() + "/admin")
                .then()
                .statusCode(404);
        firstUser
                .request()
                .when()
                .delete("/api/users/" + user.userId() + "/admin")
                .then()
                .statusCode(204);
    }

    @Test
    void theLastAdminCannotStepDown() {
        firstUser
                .request()
                .when()
                .delete("/api/users/" + firstUser.userId() + "/admin")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        assertEquals(
                200,
                Accounts.login(
                                firstUser.registration().username(),
                                firstUser.registration().password())
                        .statusCode());
    }

    /**
     * Two admins revoking each other at the same moment: without serialising the check, each counts two admins and
     * both succeed, leaving none. Several rounds, each started by a barrier, so the race is really run.
     */
    @Test
    void twoAdminsRevokingEachOtherAtOnceLeaveOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            Session other = newSession();
            setAdmin(firstUser, other, true);
            Session otherAsAdmin = loginAs(other.registration());
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Integer> revokeOther =
                    CompletableFuture.supplyAsync(() -> revokeAfter(start, firstUser, other));
            CompletableFuture<Integer> revokeFirst =
                    CompletableFuture.supplyAsync(() -> revokeAfter(start, otherAsAdmin, firstUser));

            List<Integer> statuses = List.of(revokeOther.get(), revokeFirst.get());

            assertTrue(statuses.contains(204) && statuses.contains(409), "round " + round + ": " + statuses);
            // back to one admin, the first user (both tokens still carry the admin group)
            setAdmin(otherAsAdmin, firstUser, true);
            setAdmin(firstUser, other, false);
        }
    }

    private static int revokeAfter(CyclicBarrier start, Session admin, Session target) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return admin.request()
                .when()
                .delete("/api/users/" + target.userId() + "/admin")
                .statusCode();
    }

    private static void setAdmin(Session admin, Session target, boolean grant) {
        var request = admin.request().when();
        (grant
                        ? request.put("/api/users/" + target.userId() + "/admin")
                        : request.delete("/api/users/" + target.userId() + "/admin"))
                .then()
                .statusCode(204);
    }

    /** The groups claim as JSON text (the signature is checked in TokenTest). */
    private static String groupsOf(String token) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        int start = claims.indexOf("\"groups\":");
        return claims.substring(start, claims.indexOf(']', start) + 1);
    }
}
