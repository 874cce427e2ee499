package io.teamchat.room.rooms;

import static io.restassured.RestAssured.given;
import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.createRoom;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.privateRoom;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static io.teamchat.room.support.RoomApi.roomBody;
import static io.teamchat.room.support.RoomApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class RoomResourceTest {

    @Test
    void createMakesTheCallerOwnerAndFirstMember() {
        TestUser owner = TestUser.create();
        String name = uniqueName("general");

        as(owner)
                .body(roomBody(Map.of("name", "  " + name + "  ", "description", "  talk  ")))
                .post("/api/rooms")
                .then()
                .statusCode(201)
                .header("Location", startsWith("/api/rooms/"))
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("description", equalTo("talk"))
                .body("isPrivate", equalTo(false))
                .body("isDirect", equalTo(false))
                .body("createdBy", equalTo(owner.id().toString()))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue())
                .body("memberCount", equalTo(1))
                .body("myRole", equalTo("owner"));
    }

    @Test
    void roomIdsAreTimeOrderedUuids() {
        TestUser owner = TestUser.create();
        UUID first = publicRoom(owner);
        UUID second = publicRoom(owner);
        assertEquals(7, first.version());
        assertTrue(first.compareTo(second) < 0);
    }

    @Test
    void createRejectsInvalidFieldsWithProblemDetails() {
        TestUser owner = TestUser.create();
        as(owner)
                .body(roomBody(Map.of("name", "   ", "description", "x".repeat(501))))
                .post("/api/rooms")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("name", "description"));

        as(owner)
                .body(roomBody(Map.of("name", "n".repeat(81))))
                .post("/api/rooms")
                .then()
                .statusCode(400)
                .body("errors.field", contains("name"));

        Map<String, Object> withoutPrivacy = new HashMap<>(roomBody(Map.of()));
        withoutPrivacy.remove("isPrivate");
        as(owner)
                .body(withoutPrivacy)
                .post("/api/rooms")
                .then()
                .statusCode(400)
                .body("errors.field", contains("isPrivate"));
    }

    @Test
    void createRejectsNulCharactersNamingTheField() {
        TestUser owner = TestUser.create();
        as(owner)
                .body(roomBody(Map.of("name", "bad\0name", "description", "bad\0words")))
                .post("/api/rooms")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "description"));
    }

    @Test
    void createAcceptsTheLongestNameAfterTrimming() {
        TestUser owner = TestUser.create();
        as(owner)
                .body(roomBody(Map.of("name", " " + "n".repeat(80) + " ")))
                .post("/api/rooms")
                .then()
                .statusCode(201)
                .body("name", equalTo("n".repeat(80)));
    }

    @Test
    void malformedJsonIsABadRequest() {
        as(TestUser.create())
                .body("{\"name\":")
                .post("/api/rooms")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthorized() {
        given().get("/api/rooms")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        given().contentType(ContentType.JSON)
                .body(roomBody(Map.of()))
                .post("/api/rooms")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.expired(UUID.randomUUID(), "late"))
                .get("/api/rooms")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void listShowsOnlyTheCallersRooms() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID alicesPublic = publicRoom(alice);
        UUID alicesPrivate = privateRoom(alice);
        UUID bobsRoom = publicRoom(bob);
        join(alice, bobsRoom);
        UUID notJoined = publicRoom(bob);

        as(alice)
                .get("/api/rooms")
                .then()
                .statusCode(200)
                .body("id", containsInAnyOrder(alicesPublic.toString(), alicesPrivate.toString(), bobsRoom.toString()))
                .body("find { it.id == '" + bobsRoom + "' }.myRole", equalTo("member"))
                .body("find { it.id == '" + bobsRoom + "' }.memberCount", equalTo(2))
                .body("id", not(hasItem(notJoined.toString())));
    }

    @Test
    void listShowsEachRoomAsItsOwnViewByNameInAnyCaseThenId() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String tag = uniqueName("order");
        UUID second = createRoom(alice, Map.of("name", "b " + tag, "isPrivate", true));
        UUID first = createRoom(alice, Map.of("name", "A " + tag));
        Map<String, Object> withoutDescription = new HashMap<>();
        withoutDescription.put("name", "C " + tag);
        withoutDescription.put("description", null);
        UUID bobsRoom = createRoom(bob, withoutDescription);
        join(alice, bobsRoom);
        UUID sameNameLower = createRoom(alice, Map.of("name", "c " + tag));
        UUID sameNameHigher = createRoom(alice, Map.of("name", "c " + tag));
        List<UUID> sameName =
                Stream.of(sameNameLower, sameNameHigher, bobsRoom).sorted().toList();

        List<Map<String, Object>> listed = as(alice)
                .get("/api/rooms")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");

        List<UUID> expectedOrder = new ArrayList<>(List.of(first, second));
        expectedOrder.addAll(sameName); // "c" and "C" compare equal; then by id
        assertEquals(
                expectedOrder,
                listed.stream()
                        .map(room -> UUID.fromString((String) room.get("id")))
                        .toList());
        for (Map<String, Object> room : listed) {
            Map<String, Object> alone = as(alice)
                    .get("/api/rooms/{id}", room.get("id"))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getMap("$");
            Map<String, Object> roomPart = new HashMap<>(room);
            roomPart.keySet().removeAll(List.of("lastReadId", "unreadCount", "mentionCount"));
            assertEquals(alone, roomPart, "the list shows the room as GET /api/rooms/{id} does");
        }
        Map<String, Object> joined = listed.get(expectedOrder.indexOf(bobsRoom));
        assertEquals("member", joined.get("myRole"));
        assertEquals(2, joined.get("memberCount"));
        assertNull(joined.get("description"));
        assertTrue(joined.containsKey("description"));
        assertEquals(true, listed.get(1).get("isPrivate"));
        assertEquals("owner", listed.get(0).get("myRole"));
    }

    @Test
    void aDiscoverQueryWithANulCharacterIs400() {
        as(TestUser.create())
                .queryParam("discover", true)
                .queryParam("q", "a\u0000b")
                .get("/api/rooms")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("q"));
    }

    @Test
    void discoverListsPublicRoomsTheCallerIsNotInByNameSubstring() {
        TestUser owner = TestUser.create();
        TestUser seeker = TestUser.create();
        String word = uniqueName("Zebra");
        UUID match = createRoom(owner, Map.of("name", "the " + word + " club"));
        createRoom(owner, Map.of("name", word + " secret", "isPrivate", true));
        UUID joined = createRoom(owner, Map.of("name", word + " joined"));
        join(seeker, joined);
        publicRoom(owner); // does not match the query

        as(seeker)
                .queryParam("discover", true)
                .queryParam("q", word.toUpperCase())
                .get("/api/rooms")
                .then()
                .statusCode(200)
                .body("id", contains(match.toString()))
                .body("[0].myRole", nullValue())
                .body("[0].memberCount", equalTo(1));

        // Its own rooms are never offered to the owner.
        as(owner)
                .queryParam("discover", true)
                .queryParam("q", word)
                .get("/api/rooms")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(match.toString())));
    }

    @Test
    void discoverTreatsLikeWildcardsLiterally() {
        TestUser owner = TestUser.create();
        String word = uniqueName("pct");
        UUID literal = createRoom(owner, Map.of("name", word + " 100%"));
        createRoom(owner, Map.of("name", word + " 100 percent"));

        as(TestUser.create())
                .queryParam("discover", true)
                .queryParam("q", word + " 100%")
                .get("/api/rooms")
                .then()
                .statusCode(200)
                .body("id", contains(literal.toString()));
    }

    @Test
    void publicRoomIsVisibleToEveryoneWithoutARole() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);

        as(TestUser.create())
                .get("/api/rooms/{id}", room)
                .then()
                .statusCode(200)
                .body("id", equalTo(room.toString()))
                .body("myRole", nullValue())
                .body("memberCount", equalTo(1));
    }

    @Test
    void privateRoomIsNotFoundForNonMembersButVisibleToMembersAndAdmins() {
        TestUser owner = TestUser.create();
        UUID room = privateRoom(owner);

        as(TestUser.create())
                .get("/api/rooms/{id}", room)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(owner).get("/api/rooms/{id}", room).then().statusCode(200).body("myRole", equalTo("owner"));
        as(TestUser.admin()).get("/api/rooms/{id}", room).then().statusCode(200).body("myRole", nullValue());
    }

    @Test
    void unknownOrMalformedRoomIdIsNotFound() {
        TestUser user = TestUser.create();
        as(user).get("/api/rooms/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(user).get("/api/rooms/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ownerRenamesAndDescribes() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        String created = as(owner).get("/api/rooms/{id}", room).then().extract().path("updatedAt");

        as(owner)
                .body(Map.of("name", "  renamed  ", "description", "new words"))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(200)
                .body("name", equalTo("renamed"))
                .body("description", equalTo("new words"))
                .body("updatedAt", not(equalTo(created)));

        // Absent fields stay; an empty description clears it.
        as(owner)
                .body(Map.of("description", ""))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(200)
                .body("name", equalTo("renamed"))
                .body("description", nullValue());
    }

    @Test
    void patchIsForbiddenToMembersAndHiddenFromOutsidersOfPrivateRooms() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        UUID publicRoom = publicRoom(owner);
        join(member, publicRoom);
        UUID privateRoom = privateRoom(owner);

        as(member)
                .body(Map.of("name", "mine now"))
                .patch("/api/rooms/{id}", publicRoom)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        as(TestUser.create())
                .body(Map.of("name", "mine now"))
                .patch("/api/rooms/{id}", privateRoom)
                .then()
                .statusCode(404);
    }

    @Test
    void patchValidatesFields() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        as(owner)
                .body(Map.of("name", " ", "description", "d".repeat(501)))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "description"));
    }

    @Test
    void patchRejectsNulCharactersNamingTheField() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        String before = as(owner).get("/api/rooms/{id}", room).then().extract().asString();
        as(owner)
                .body(Map.of("name", "bad\0name"))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("name"));
        as(owner)
                .body(Map.of("description", "bad\0words"))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(400)
                .body("errors.field", contains("description"));
        // Nothing was changed by the rejected requests.
        assertEquals(
                before, as(owner).get("/api/rooms/{id}", room).then().extract().asString());
    }

    @Test
    void adminManagesAnyRoom() {
        TestUser owner = TestUser.create();
        TestUser admin = TestUser.admin();
        UUID room = privateRoom(owner);

        as(admin)
                .body(Map.of("name", "moderated"))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(200)
                .body("name", equalTo("moderated"));
        as(admin).delete("/api/rooms/{id}", room).then().statusCode(204);
        as(owner).get("/api/rooms/{id}", room).then().statusCode(404);
    }

    @Test
    void ownerDeletesMembersCannot() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        UUID room = publicRoom(owner);
        join(member, room);

        as(member).delete("/api/rooms/{id}", room).then().statusCode(403);
        as(owner).delete("/api/rooms/{id}", room).then().statusCode(204);
        as(owner).get("/api/rooms/{id}", room).then().statusCode(404);
        as(member).get("/api/rooms").then().statusCode(200).body("id", not(hasItem(room.toString())));
    }
}
