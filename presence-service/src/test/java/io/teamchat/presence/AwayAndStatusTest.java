package io.teamchat.presence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Away (every open socket's client reported idle) and the custom status: in GET /api/presence and in
 * presence.changed, one event per change.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class AwayAndStatusTest extends PresenceTestBase {

    @Test
    void awayWhenEverySocketIsIdleAndBackWhenOneIsActive() {
        UUID user = UUID.randomUUID();
        String phone = Connections.newSocketId();
        String laptop = Connections.newSocketId();
        gateway.connected(user, phone);
        gateway.connected(user, laptop);
        Probe.await(() -> redis.set(String.class).scard(registry.socketsKey(user)) == 2);

        gateway.activity(user, phone, true);
        // Marker: the laptop going idle is applied after the phone's (stream order); only then is the user away.
        gateway.activity(user, laptop, true);
        JsonNode away = probe.awaitPresenceChanged(user, d -> d.path("away").asBoolean());
        assertTrue(away.at("/data/isOnline").asBoolean());
        Probe.awaitPresence(user, p -> p.getBoolean("[0].away"));
        assertEquals(1, awayEvents(user, true), "one phone idle changed nothing; both idle is one change");

        assertEquals(1, backEvents(user), "so far only the online event said online and not away");

        gateway.activity(user, laptop, false);
        Probe.await(() -> backEvents(user) == 2);
        Probe.awaitPresence(user, p -> !p.getBoolean("[0].away") && p.getBoolean("[0].isOnline"));

        // The active laptop closes: only the idle phone is left, so the user is away again.
        gateway.disconnected(user, laptop);
        Probe.awaitPresence(user, p -> p.getBoolean("[0].away"));
        assertEquals(2, awayEvents(user, true));
        // Activity of a socket that is not open changes nothing; a new socket is active: back.
        gateway.activity(user, laptop, false);
        String tablet = Connections.newSocketId();
        gateway.connected(user, tablet);
        Probe.awaitPresence(user, p -> !p.getBoolean("[0].away"));
        Probe.await(() -> backEvents(user) == 3);
        assertEquals(2, awayEvents(user, true));
        // Offline is never away, even with the idle phone the last to go.
        gateway.disconnected(user, tablet);
        gateway.disconnected(user, phone);
        JsonNode offline =
                probe.awaitPresenceChanged(user, d -> !d.path("isOnline").asBoolean());
        assertTrue(!offline.at("/data/away").asBoolean());
        Probe.presenceOf(user).then().body("[0].away", equalTo(false)).body("[0].isOnline", equalTo(false));
    }

    @Test
    void aCustomStatusIsShownAndAnnouncedAndClearedAgain() {
        UUID user = UUID.randomUUID();
        gateway.connected(user, Connections.newSocketId());
        Probe.awaitPresence(user, p -> p.getBoolean("[0].isOnline"));

        as(user).contentType("application/json")
                .body(Map.of("text", "  In a meeting  ", "emoji", "\uD83D\uDCC5"))
                .put("/api/presence/me/status")
                .then()
                .statusCode(200)
                .body("userId", equalTo(user.toString()))
                .body("status", equalTo("In a meeting"))
                .body("statusEmoji", equalTo("\uD83D\uDCC5"))
                .body("isOnline", equalTo(true));
        Probe.presenceOf(user)
                .then()
                .body("[0].status", equalTo("In a meeting"))
                .body("[0].statusEmoji", equalTo("\uD83D\uDCC5"));
        JsonNode set = probe.awaitPresenceChanged(
                user, d -> "In a meeting".equals(d.path("status").asText()));
        assertEquals("\uD83D\uDCC5", set.at("/data/statusEmoji").asText());
        assertTrue(set.at("/data/isOnline").asBoolean());

        // The status travels with later changes too (going away).
        gateway.activity(user, onlySocketOf(user), true);
        JsonNode away = probe.awaitPresenceChanged(user, d -> d.path("away").asBoolean());
        assertEquals("In a meeting", away.at("/data/status").asText());

        as(user).delete("/api/presence/me/status").then().statusCode(204);
        Probe.presenceOf(user).then().body("[0].status", nullValue()).body("[0].statusEmoji", nullValue());
        probe.awaitPresenceChanged(
                user, d -> d.path("away").asBoolean() && d.path("status").isNull());
        // Clearing again changes nothing and announces nothing.
        int before = probe.presenceChanges(user).size();
        as(user).delete("/api/presence/me/status").then().statusCode(204);
        as(user).contentType("application/json")
                .body(Map.of("emoji", "\uD83C\uDF34"))
                .put("/api/presence/me/status")
                .then()
                .statusCode(200)
                .body("status", nullValue());
        probe.awaitPresenceChanged(
                user, d -> "\uD83C\uDF34".equals(d.path("statusEmoji").asText()));
        assertEquals(before + 1, probe.presenceChanges(user).size(), "the empty clear published nothing");
    }

    @Test
    void badStatusesAreRefusedAndChangeNothing() {
        UUID user = UUID.randomUUID();
        as(user).contentType("application/json")
                .body(Map.of("text", "before"))
                .put("/api/presence/me/status")
                .then()
                .statusCode(200);
        List<Map<String, String>> bad = List.of(
                Map.of("text", "evil\u202Etxt.exe"), // bidi override
                Map.of("text", "zero\u200Bwidth"),
                Map.of("text", "bell\u0007"),
                Map.of("text", "x".repeat(101)),
                Map.of("text", "   "),
                Map.of(),
                Map.of("emoji", "ab"),
                Map.of("emoji", "\uD83D\uDE00\uD83D\uDE00"), // two emoji
                Map.of("emoji", "\u200D"),
                Map.of("text", "ok", "emoji", ":smile:"));
        for (Map<String, String> body : bad) {
            as(user).contentType("application/json")
                    .body(body)
                    .put("/api/presence/me/status")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.size()", greaterThan(0));
        }
        as(user).contentType("application/json")
                .body("{not json")
                .put("/api/presence/me/status")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        Probe.presenceOf(user).then().body("[0].status", equalTo("before"));
        // 100 characters, and emoji sequences of several code points, are fine.
        for (String emoji : List.of(
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // family (ZWJ sequence)
                "\uD83C\uDDEB\uD83C\uDDF7", // flag
                "1\uFE0F\u20E3", // keycap
                "\uD83D\uDC4D\uD83C\uDFFD", // thumbs up, skin tone
                "\u2764\uFE0F")) {
            as(user).contentType("application/json")
                    .body(Map.of("text", "y".repeat(100), "emoji", emoji))
                    .put("/api/presence/me/status")
                    .then()
                    .statusCode(200)
                    .body("statusEmoji", equalTo(emoji));
        }
        given().contentType("application/json")
                .body(Map.of("text", "anonymous"))
                .put("/api/presence/me/status")
                .then()
                .statusCode(401);
    }

    private String onlySocketOf(UUID user) {
        return redis.set(String.class)
                .smembers(registry.socketsKey(user))
                .iterator()
                .next();
    }

    private long awayEvents(UUID user, boolean away) {
        return probe.presenceChanges(user).stream()
                .filter(e -> e.at("/data/away").asBoolean() == away)
                .count();
    }

    /** presence.changed saying online and not away: the first socket, or back from away. */
    private long backEvents(UUID user) {
        return probe.presenceChanges(user).stream()
                .filter(e -> e.at("/data/isOnline").asBoolean()
                        && !e.at("/data/away").asBoolean())
                .count();
    }

    private static RequestSpecification as(UUID user) {
        return given().auth()
                .oauth2(TestTokens.issue(user, "u" + user.toString().substring(0, 8)));
    }
}
