package io.teamchat.auth;

import static io.teamchat.auth.Accounts.newSession;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.testing.ChatStoresTestResource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User views show presence-service's isOnline and lastSeen, from one batched call per request with the caller's token. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(PresenceServiceStub.class)
class UserPresenceTest {

    @Test
    void viewsCarryPresenceFromOneCallPerRequest() {
        Session alice = newSession();
        Session bob = newSession();
        Session carol = newSession();
        Instant carolSeen = Instant.parse("2026-11-28T22:15:00Z");
        PresenceServiceStub.online(bob.userId());
        PresenceServiceStub.offline(carol.userId(), carolSeen);
        int before = PresenceServiceStub.requestsAbout(carol.userId()).size(); // carol's sign-up asked about her

        alice.request()
                .queryParam("ids", alice.userId() + "," + bob.userId() + "," + carol.userId())
                .get("/api/users")
                .then()
                .statusCode(200)
                .body(
                        "id",
                        contains(
                                alice.userId().toString(),
                                bob.userId().toString(),
                                carol.userId().toString()))
                .body("isOnline", contains(false, true, false))
                .body("[0].lastSeen", nullValue())
                .body("[2].lastSeen", equalTo(carolSeen.toString()));
        List<PresenceServiceStub.Request> asked = PresenceServiceStub.requestsAbout(carol.userId());
        assertEquals(before + 1, asked.size(), "one presence call for the whole list, not one per user");
        assertEquals(3, asked.getLast().userIds().size());
        assertEquals(alice.userId().toString(), asked.getLast().tokenSubject(), "asked with the caller's token");

        alice.request().get("/api/users/" + bob.userId()).then().statusCode(200).body("isOnline", equalTo(true));
        bob.request().get("/api/users/me").then().statusCode(200).body("isOnline", equalTo(true));
        alice.request()
                .get("/api/users/" + carol.userId())
                .then()
                .body("isOnline", equalTo(false))
                .body("lastSeen", equalTo(carolSeen.toString()));
        // Signing in on another device: the response already shows the user online elsewhere.
        Accounts.login(bob.registration().username(), bob.registration().password())
                .response()
                .then()
                .statusCode(200)
                .body("user.isOnline", equalTo(true));
    }

    @Test
    void presenceServiceDownShowsUsersOfflineInsteadOfFailing() {
        Session alice = newSession();
        PresenceServiceStub.online(alice.userId());
        PresenceServiceStub.failing(true);
        try {
            alice.request()
                    .get("/api/users/me")
                    .then()
                    .statusCode(200)
                    .body("isOnline", equalTo(false))
                    .body("lastSeen", nullValue());
        } finally {
            PresenceServiceStub.failing(false);
        }
        alice.request().get("/api/users/me").then().statusCode(200).body("isOnline", equalTo(true));
    }
}
