package io.teamchat.room.direct;

import static io.teamchat.room.support.RoomApi.as;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class DirectRoomTest {

    @Test
    void theSameRoomOnEveryCallAndFromEitherSide() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();

        String first = as(alice)
                .body(Map.of("userId", bob.id()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(201)
                .body("isDirect", equalTo(true))
                .body("isPrivate", equalTo(true))
                .body("memberCount", equalTo(2))
                .body("myRole", equalTo("member"))
                .extract()
                .path("id");
        as(alice)
                .body(Map.of("userId", bob.id()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(200)
                .body("id", equalTo(first));
        as(bob).body(Map.of("userId", alice.id()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(200)
                .body("id", equalTo(first))
                .body("myRole", equalTo("member"));

        as(bob).get("/api/rooms/{id}/members", first)
                .then()
                .body(
                        "userId",
                        containsInAnyOrder(alice.id().toString(), bob.id().toString()));
        as(bob).get("/api/rooms").then().body("id", hasItem(first));
    }

    @Test
    void noDirectRoomWithSomeoneWhoDoesNotExist() {
        TestUser alice = TestUser.create();
        as(alice)
                .body(Map.of("userId", UUID.randomUUID()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as(alice).get("/api/rooms").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void concurrentFirstCallsMakeOneRoom() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<String>> calls = List.of(alice, bob, alice, bob).stream()
                .map(caller -> CompletableFuture.supplyAsync(
                        () -> {
                            UUID other = caller == alice ? bob.id() : alice.id();
                            return as(caller)
                                    .body(Map.of("userId", other))
                                    .post("/api/rooms/direct")
                                    .then()
                                    .statusCode(anyOf(is(200), is(201)))
                                    .extract()
                                    .<String>path("id");
                        },
                        pool))
                .toList();
        Set<String> ids = Set.copyOf(calls.stream().map(CompletableFuture::join).toList());
        pool.shutdown();
        assertEquals(1, ids.size(), "one direct room, whoever calls first: " + ids);
    }

    @Test
    void aDirectRoomIsPrivateToItsTwoPeople() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = as(alice)
                .body(Map.of("userId", bob.id()))
                .post("/api/rooms/direct")
                .then()
                .extract()
                .path("id");

        as(TestUser.create()).get("/api/rooms/{id}", room).then().statusCode(404);
        as(TestUser.create())
                .queryParam("discover", true)
                .get("/api/rooms")
                .then()
                .body("id", not(hasItem(room)));
        as(alice)
                .body(Map.of("name", "ours"))
                .patch("/api/rooms/{id}", room)
                .then()
                .statusCode(403);
        as(alice).post("/api/rooms/{id}/leave", room).then().statusCode(409);
        as(TestUser.admin())
                .body(Map.of("userId", TestUser.create().id()))
                .post("/api/rooms/{id}/members", room)
                .then()
                .statusCode(409);
    }

    @Test
    void aDirectRoomWithYourselfIsABadRequest() {
        TestUser alice = TestUser.create();
        as(alice)
                .body(Map.of("userId", alice.id()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as(alice)
                .body(Map.of())
                .post("/api/rooms/direct")
                .then()
                .statusCode(400)
                .body("errors.field", contains("userId"));
    }
}
