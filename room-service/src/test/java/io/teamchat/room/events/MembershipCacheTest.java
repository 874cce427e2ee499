package io.teamchat.room.events;

import static io.teamchat.room.support.RoomApi.addMember;
import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.privateRoom;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What room-service publishes to the membership cache, read back through the library the other services use:
 * every answer below is checked right after the HTTP answer, with no waiting (the cache is written before
 * room-service answers).
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class MembershipCacheTest {

    @Inject
    MembershipCache cache;

    @Inject
    EntityManager entityManager;

    private Decision decide(TestUser user, UUID room, RoomAction action) {
        // TestUser.admin() names its users admin_...: the token's admin group, as the services read it
        return cache.decideNow(room, user.id(), user.username().startsWith("admin_"), action);
    }

    @Test
    void publicRoomEveryRole() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        TestUser outsider = TestUser.create();
        TestUser admin = TestUser.admin();
        UUID room = publicRoom(owner);
        join(member, room);

        assertEquals(Decision.ALLOWED, decide(owner, room, RoomAction.MANAGE));
        assertEquals(Decision.ALLOWED, decide(owner, room, RoomAction.DELETE_ANY));
        assertEquals(Decision.ALLOWED, decide(member, room, RoomAction.POST));
        assertEquals(Decision.FORBIDDEN, decide(member, room, RoomAction.MANAGE));
        assertEquals(Decision.NOT_FOUND, decide(outsider, room, RoomAction.READ));
        assertEquals(Decision.FORBIDDEN, decide(outsider, room, RoomAction.MANAGE));
        assertEquals(Decision.ALLOWED, decide(admin, room, RoomAction.POST), "the admin override");
        assertEquals(Decision.ALLOWED, decide(admin, room, RoomAction.EDIT_ANY));
    }

    @Test
    void privateRoomAndAddedMember() {
        TestUser owner = TestUser.create();
        TestUser invited = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = privateRoom(owner);
        assertEquals(Decision.NOT_FOUND, decide(invited, room, RoomAction.SEE_ROOM));

        addMember(owner, room, invited);
        assertEquals(Decision.ALLOWED, decide(invited, room, RoomAction.READ));
        assertEquals(Decision.NOT_FOUND, decide(outsider, room, RoomAction.MANAGE), "a private room stays hidden");
        assertEquals(Decision.ALLOWED, decide(TestUser.admin(), room, RoomAction.MANAGE));
    }

    @Test
    void kickedLeftAndOwnershipPassed() {
        TestUser owner = TestUser.create();
        TestUser first = TestUser.create();
        TestUser second = TestUser.create();
        UUID room = publicRoom(owner);
        join(first, room);
        join(second, room);

        as(owner)
                .delete("/api/rooms/{id}/members/{userId}", room, second.id())
                .then()
                .statusCode(204);
        assertEquals(Decision.NOT_FOUND, decide(second, room, RoomAction.READ), "kicked: gone at once");

        as(owner).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        assertEquals(Decision.NOT_FOUND, decide(owner, room, RoomAction.POST), "left");
        assertEquals(Decision.ALLOWED, decide(first, room, RoomAction.MANAGE), "the longest member owns it now");
    }

    @Test
    void directRoomIsForItsTwoOnly() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String id = as(alice)
                .body(Map.of("userId", bob.id()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        UUID room = UUID.fromString(id);
        assertEquals(Decision.ALLOWED, decide(alice, room, RoomAction.POST));
        assertEquals(Decision.ALLOWED, decide(bob, room, RoomAction.POST));
        assertEquals(Decision.NOT_FOUND, decide(TestUser.create(), room, RoomAction.READ));
        assertEquals(Decision.ALLOWED, decide(TestUser.admin(), room, RoomAction.READ));
    }

    @Test
    void deletedRoomIsGoneForEveryone() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        as(owner).delete("/api/rooms/{id}", room).then().statusCode(204);
        assertEquals(Decision.NOT_FOUND, decide(owner, room, RoomAction.READ));
        assertEquals(Decision.NOT_FOUND, decide(TestUser.admin(), room, RoomAction.READ));
    }

    @Test
    void oneReadDecidesForEveryAskerOfARoom() {
        TestUser owner = TestUser.create();
        TestUser invited = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = privateRoom(owner);
        addMember(owner, room, invited);

        List<Decision> decisions = cache.decideEach(
                        room,
                        List.of(
                                new MembershipCache.Asker(owner.id(), false),
                                new MembershipCache.Asker(outsider.id(), false),
                                new MembershipCache.Asker(invited.id(), false),
                                new MembershipCache.Asker(outsider.id(), true)),
                        RoomAction.READ)
                .await()
                .atMost(Duration.ofSeconds(5));
        assertEquals(
                List.of(Decision.ALLOWED, Decision.NOT_FOUND, Decision.ALLOWED, Decision.ALLOWED),
                decisions,
                "in the order asked; the last asker is the outsider as an admin");
        assertEquals(
                List.of(Decision.NOT_FOUND),
                cache.decideEach(
                                UUID.randomUUID(),
                                List.of(new MembershipCache.Asker(owner.id(), true)),
                                RoomAction.READ)
                        .await()
                        .atMost(Duration.ofSeconds(5)),
                "a room the cache does not know");
    }

    @Test
    void versionsOfMoreRoomsThanReadsInFlight() {
        TestUser owner = TestUser.create();
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < MembershipCache.READS_IN_FLIGHT + 8; i++) {
            rooms.add(publicRoom(owner));
        }
        UUID unknown = UUID.randomUUID();
        List<UUID> asked = new ArrayList<>(rooms);
        asked.add(unknown);

        Map<UUID, Long> before = cache.versions(asked).await().atMost(Duration.ofSeconds(5));
        assertEquals(Set.copyOf(rooms), before.keySet(), "every known room, and only those");
        join(TestUser.create(), rooms.getFirst());
        Map<UUID, Long> after = cache.versions(asked).await().atMost(Duration.ofSeconds(5));
        assertTrue(after.get(rooms.getFirst()) > before.get(rooms.getFirst()), "a join moves the room's version");
        assertEquals(before.get(rooms.getLast()), after.get(rooms.getLast()), "the other rooms' stay");
    }

    @Test
    void whoSharesARoomFollowsEveryMembershipChangeAfterTheListsWereKept() {
        TestUser owner = TestUser.create();
        TestUser joiner = TestUser.create();
        TestUser kicked = TestUser.create();
        UUID room = publicRoom(owner);
        UUID other = publicRoom(owner);
        UUID unknown = UUID.randomUUID();
        join(kicked, room);
        List<UUID> users = List.of(owner.id(), joiner.id(), kicked.id());
        List<UUID> rooms = List.of(room, other, unknown);

        assertEquals(
                Map.of(owner.id(), Set.of(room, other), kicked.id(), Set.of(room)),
                roomsWithMembers(users, rooms),
                "the first answer reads the lists");
        join(joiner, room);
        as(owner)
                .delete("/api/rooms/{id}/members/{userId}", room, kicked.id())
                .then()
                .statusCode(204);
        assertEquals(
                Map.of(owner.id(), Set.of(room, other), joiner.id(), Set.of(room)),
                roomsWithMembers(users, rooms),
                "a join and a kick since: the kept list of the room is read again");
        as(owner).delete("/api/rooms/{id}", other).then().statusCode(204);
        assertEquals(
                Map.of(owner.id(), Set.of(room), joiner.id(), Set.of(room)),
                roomsWithMembers(users, rooms),
                "a deleted room shares nothing");
        assertEquals(
                Map.of(joiner.id(), Set.of(room)),
                roomsWithMembers(List.of(joiner.id(), UUID.randomUUID()), List.of(room)),
                "only the users asked about");
    }

    private Map<UUID, Set<UUID>> roomsWithMembers(List<UUID> users, List<UUID> rooms) {
        return cache.roomsWithMembers(users, rooms).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void theOutboxIsEmptyOnceAnswered() {
        UUID room = publicRoom(TestUser.create());
        join(TestUser.create(), room);
        Number pending = (Number) entityManager
                .createNativeQuery("select count(*) from room.outbox where room_id = ?1")
                .setParameter(1, room)
                .getSingleResult();
        assertEquals(0, pending.intValue());
    }
}
