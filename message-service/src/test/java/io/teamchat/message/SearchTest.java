package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.RoomServiceStub;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(RoomServiceStub.class)
class SearchTest {

    @Inject
    MembershipCache membership;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    private static String send(TestUser user, UUID roomId, String content) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(Map.of("content", content))
                .post("/api/rooms/{id}/messages", roomId)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath search(TestUser user, UUID roomId, String q, Map<String, ?> params) {
        return given().header("Authorization", user.bearer())
                .queryParam("q", q)
                .queryParams(params)
                .get("/api/rooms/{id}/messages/search", roomId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void findsWordsRankedByRelevanceThenRecencyWithPlainTextSnippets() {
        TestUser ann = TestUser.create();
        UUID room = rooms().publicRoom(ann.id());
        String once = send(ann, room, "the deploy went fine");
        String twice = send(ann, room, "deploy deploy: the <b>deploy</b> broke again");
        String newerOnce = send(ann, room, "another deploy today");
        send(ann, room, "lunch anyone?");

        JsonPath page = search(ann, room, "deploy", Map.of());
        assertEquals("fulltext", page.getString("mode"));
        // Most matches first; equal ranks newest first.
        List<String> ids = page.getList("items.id");
        assertEquals(twice, ids.getFirst());
        assertEquals(List.of(newerOnce, once), ids.subList(1, 3));
        assertEquals(3, ids.size());

        String snippet = page.getString("items[0].snippet.text");
        assertEquals("deploy deploy: the <b>deploy</b> broke again", snippet);
        List<Map<String, Integer>> highlights = page.getList("items[0].snippet.highlights");
        for (Map<String, Integer> range : highlights) {
            assertEquals("deploy", snippet.substring(range.get("start"), range.get("end")));
        }
        assertEquals(3, highlights.size());
    }

    @Test
    void websearchSyntaxPhrasesOrAndExclusion() {
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(bob.id());
        String redCar = send(bob, room, "a red car outside");
        String carRed = send(bob, room, "the car is red");
        String blueCar = send(bob, room, "a blue car");

        assertEquals(List.of(redCar), search(bob, room, "\"red car\"", Map.of()).getList("items.id"));
        List<String> notBlue = search(bob, room, "car -blue", Map.of()).getList("items.id");
        assertEquals(2, notBlue.size());
        assertEquals(
                List.of(carRed, redCar).stream().sorted().toList(),
                notBlue.stream().sorted().toList());
        List<String> either = search(bob, room, "blue or outside", Map.of()).getList("items.id");
        assertEquals(
                List.of(blueCar, redCar).stream().sorted().toList(),
                either.stream().sorted().toList());
    }

    @Test
    void pagesFollowTheCursorWithoutRepeats() {
        TestUser cid = TestUser.create();
        UUID room = rooms().publicRoom(cid.id());
        for (int i = 0; i < 7; i++) {
            send(cid, room, "standup note " + i + " standup".repeat(i % 3));
        }
        JsonPath first = search(cid, room, "standup", Map.of("limit", 3));
        assertEquals(true, first.getBoolean("hasMore"));
        JsonPath second = search(cid, room, "standup", Map.of("limit", 3, "before", first.getString("nextBefore")));
        JsonPath third = search(cid, room, "standup", Map.of("limit", 3, "before", second.getString("nextBefore")));
        assertEquals(false, third.getBoolean("hasMore"));
        assertEquals(null, third.getString("nextBefore"));
        List<String> all = new java.util.ArrayList<>();
        all.addAll(first.getList("items.id"));
        all.addAll(second.getList("items.id"));
        all.addAll(third.getList("items.id"));
        assertEquals(7, all.size());
        assertEquals(7, all.stream().distinct().count());
    }

    @Test
    void cjkAndPartialWordsAreFoundBySubstring() {
        TestUser dai = TestUser.create();
        UUID room = rooms().publicRoom(dai.id());
        String japanese = send(dai, room, "今日は良い天気ですね");
        String partial = send(dai, room, "kubernetes upgrade done");
        send(dai, room, "nothing relevant");

        JsonPath cjk = search(dai, room, "天気", Map.of());
        assertEquals("substring", cjk.getString("mode"));
        assertEquals(List.of(japanese), cjk.getList("items.id"));
        String text = cjk.getString("items[0].snippet.text");
        int start = cjk.getInt("items[0].snippet.highlights[0].start");
        int end = cjk.getInt("items[0].snippet.highlights[0].end");
        assertEquals("天気", text.substring(start, end));

        JsonPath part = search(dai, room, "bernet", Map.of());
        assertEquals("substring", part.getString("mode"));
        assertEquals(List.of(partial), part.getList("items.id"));
        // LIKE wildcards in the query are literal characters.
        assertEquals(List.of(), search(dai, room, "%", Map.of()).getList("items"));
    }

    @Test
    void onlyMembersSearchARoomAndCrossRoomSearchCoversOnlyTheCallersRooms() {
        TestUser eve = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID mine = rooms().publicRoom(eve.id());
        UUID alsoMine = rooms().publicRoom(eve.id(), outsider.id());
        UUID notMine = rooms().publicRoom(outsider.id());
        String a = send(eve, mine, "quarterly report draft");
        String b = send(eve, alsoMine, "the quarterly report is out");
        send(outsider, notMine, "secret quarterly report");

        given().header("Authorization", outsider.bearer())
                .queryParam("q", "report")
                .get("/api/rooms/{id}/messages/search", mine)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        given().header("Authorization", eve.bearer())
                .queryParam("q", "quarterly report")
                .get("/api/messages/search")
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(a, b))
                .body("items.content", not(hasItem("secret quarterly report")));
    }

    @Test
    void badQueriesAre400() {
        TestUser fay = TestUser.create();
        UUID room = rooms().publicRoom(fay.id());
        for (String q : new String[] {"", "   ", "x".repeat(201), "a\u0000b"}) {
            given().header("Authorization", fay.bearer())
                    .queryParam("q", q)
                    .get("/api/rooms/{id}/messages/search", room)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("q"));
        }
        given().header("Authorization", fay.bearer())
                .queryParam("q", "fine")
                .queryParam("before", "garbage")
                .get("/api/rooms/{id}/messages/search", room)
                .then()
                .statusCode(400)
                .body("errors.field", contains("before"));
        given().header("Authorization", fay.bearer())
                .queryParam("q", "fine")
                .queryParam("limit", 51)
                .get("/api/rooms/{id}/messages/search", room)
                .then()
                .statusCode(400)
                .body("errors.field", contains("limit"));
        given().queryParam("q", "fine").get("/api/messages/search").then().statusCode(401);
        search(fay, room, "nothing-here", Map.of());
        given().header("Authorization", fay.bearer())
                .queryParam("q", "fine")
                .get("/api/rooms/{id}/messages/search", room)
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextBefore", nullValue())
                .body("hasMore", equalTo(false));
    }
}
