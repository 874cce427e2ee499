package io.teamchat.room.membership;

import static io.teamchat.room.support.RoomApi.addMember;
import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.privateRoom;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class MembershipTest {

    @Test
    void joiningAPublicRoomMakesAMemberAndIsIdempotent() {
        TestUser owner = TestUser.create();
        TestUser joiner = TestUser.create();
        UUID room = publicRoom(owner);

        as(joiner)
                .post("/api/rooms/{id}/join", room)
                .then()
                .statusCode(200)
                .body("id", equalTo(room.toString()))
                .body("myRole", equalTo("member"))
                .body("memberCount", equalTo(2));
        as(joiner)
                .post("/api/rooms/{id}/join", room)
                .then()
                .statusCode(200)
                .body("myRole", equalTo("member"))
                .body("memberCount", equalTo(2));
        as(joiner).get("/api/rooms").then().body("id", hasItem(room.toString()));
    }

    @Test
    void joiningAPrivateRoomIsNotFoundForOutsiders() {
        UUID room = privateRoom(TestUser.create());
        as(TestUser.create())
                .post("/api/rooms/{id}/join", room)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        as(TestUser.admin()).post("/api/rooms/{id}/join", room).then().statusCode(403);
    }

    @Test
    void memberLeaves() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        UUID room = publicRoom(owner);
        join(member, room);

        as(member).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        as(member).get("/api/rooms").then().body("id", not(hasItem(room.toString())));
        as(owner).get("/api/rooms/{id}", room).then().body("memberCount", equalTo(1));
        // Leaving again changes nothing.
        as(member).post("/api/rooms/{id}/leave", room).then().statusCode(204);
    }

    @Test
    void leavingOwnerHandsOwnershipToTheOldestMember() {
        TestUser owner = TestUser.create();
        TestUser oldest = TestUser.create();
        TestUser newer = TestUser.create();
        UUID room = publicRoom(owner);
        join(oldest, room);
        join(newer, room);

        as(owner).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        as(oldest)
                .get("/api/rooms/{id}", room)
                .then()
                .body("myRole", equalTo("owner"))
                .body("memberCount", equalTo(2));
        as(newer).get("/api/rooms/{id}", room).then().body("myRole", equalTo("member"));
        as(oldest)
                .body(Map.of("name", "inherited"))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(200);
    }

    @Test
    void lastMemberLeavingLeavesAnEmptyOwnerlessRoom() {
        TestUser owner = TestUser.create();
        UUID room = privateRoom(owner);

        as(owner).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        as(owner).get("/api/rooms/{id}", room).then().statusCode(404);
        as(TestUser.admin()).get("/api/rooms/{id}", room).then().statusCode(200).body("memberCount", equalTo(0));
    }

    @Test
    void membersAreListedToWhoeverCanViewTheRoom() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        UUID room = publicRoom(owner);
        join(member, room);

        as(TestUser.create())
                .get("/api/rooms/{id}/members", room)
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("userId", contains(owner.id().toString(), member.id().toString()))
                .body("role", contains("owner", "member"))
                .body("[0].joinedAt", notNullValue());

        UUID secret = privateRoom(owner);
        as(TestUser.create()).get("/api/rooms/{id}/members", secret).then().statusCode(404);
        as(TestUser.admin())
                .get("/api/rooms/{id}/members", secret)
                .then()
                .statusCode(200)
                .body("$", hasSize(1));
    }

    /** auth-service (its stub here) does not know the id: 400 on userId, and the room is as it was. */
    @Test
    void onlyExistingUsersCanBeAdded() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        UUID nobody = UUID.randomUUID();

        as(owner)
                .body(Map.of("userId", nobody))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("userId"));
        as(owner)
                .get("/api/rooms/{id}/members", room)
                .then()
                .statusCode(200)
                .body("userId", not(hasItem(nobody.toString())));
    }

    @Test
    void ownerAddsPeopleToAPrivateRoomMembersCannot() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        TestUser guest = TestUser.create();
        UUID room = privateRoom(owner);

        as(owner)
                .body(Map.of("userId", member.id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(201)
                .body("userId", equalTo(member.id().toString()))
                .body("role", equalTo("member"))
                .body("joinedAt", notNullValue());
        as(member).get("/api/rooms/{id}", room).then().statusCode(200).body("myRole", equalTo("member"));

        as(member)
                .body(Map.of("userId", guest.id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(403);
        as(guest)
                .body(Map.of("userId", guest.id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(404);

        // Adding someone who already is a member is not an error.
        as(owner)
                .body(Map.of("userId", member.id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(200)
                .body("role", equalTo("member"));
    }

    @Test
    void anyMemberInvitesToAPublicRoomButOutsidersCannot() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = publicRoom(owner);
        join(member, room);

        TestUser invited = TestUser.create();
        as(member)
                .body(Map.of("userId", invited.id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(201);
        as(invited).get("/api/rooms/{id}", room).then().body("myRole", equalTo("member"));

        as(outsider)
                .body(Map.of("userId", TestUser.create().id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(403);
    }

    @Test
    void adminAddsToAnyRoom() {
        TestUser owner = TestUser.create();
        TestUser user = TestUser.create();
        UUID room = privateRoom(owner);
        addMember(TestUser.admin(), room, user);
        as(user).get("/api/rooms/{id}", room).then().statusCode(200).body("myRole", equalTo("member"));
    }

    @Test
    void addValidatesTheBody() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        as(owner)
                .body(Map.of())
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("userId"));
        as(owner)
                .body(Map.of("userId", "nope"))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("userId"));
    }

    @Test
    void ownerKicksMembersCannotAndTheOwnerCannotBeKicked() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        TestUser other = TestUser.create();
        UUID room = privateRoom(owner);
        addMember(owner, room, member);
        addMember(owner, room, other);

        as(member)
                .delete("/api/rooms/{id}/members/{userId}", room, other.id())
                .then()
                .statusCode(403);
        as(owner)
                .delete("/api/rooms/{id}/members/{userId}", room, member.id())
                .then()
                .statusCode(204);
        as(member).get("/api/rooms/{id}", room).then().statusCode(404);
        as(owner)
                .delete("/api/rooms/{id}/members/{userId}", room, member.id())
                .then()
                .statusCode(404);

        as(TestUser.admin())
                .delete("/api/rooms/{id}/members/{userId}", room, owner.id())
                .then()
                .statusCode(403);
        as(owner).get("/api/rooms/{id}", room).then().body("myRole", equalTo("owner"));
    }

    @Test
    void adminKicks() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        UUID room = publicRoom(owner);
        join(member, room);

        as(TestUser.admin())
                .delete("/api/rooms/{id}/members/{userId}", room, member.id())
                .then()
                .statusCode(204);
        as(member).get("/api/rooms/{id}", room).then().statusCode(200).body("myRole", nullValue());
    }
}
