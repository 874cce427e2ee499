package io.teamchat.room.access;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A token signed by the right key but meant for another audience is not a token for Teamchat. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class TokenAudienceTest {

    @Test
    void onlyTokensForTheTeamchatAudienceAreAccepted() {
        UUID user = UUID.randomUUID();
        Set<String> groups = Set.of("user");
        Duration ttl = Duration.ofMinutes(5);

        given().auth()
                .oauth2(TestTokens.issueFor(TestTokens.AUDIENCE, user, "aud_ok", groups, ttl))
                .get("/api/rooms")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(TestTokens.issueFor("another-app", user, "aud_other", groups, ttl))
                .get("/api/rooms")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }
}
