package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.streams.StreamPartitions;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Threads (docs/conversation.md): replies, their roots' counts, thread pages, and the rules around them. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class ThreadsTest {

    @Inject
    MembershipCache membership;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @ConfigProperty(name = "chat.commands.partitions")
    int partitions;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    private static Response post(TestUser user, UUID room, Map<String, Object> body) {
        return given().header("Authorization", user.bearer())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/rooms/{id}/messages", room);
    }

    private static JsonPath reply(TestUser user, UUID room, String parentId, String content) {
        return post(user, room, Map.of("content", content, "parentId", parentId))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static JsonPath thread(TestUser user, String rootId, String query) {
        return given().header("Authorization", user.bearer())
                .get("/api/messages/{id}/thread" + query, rootId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aReplyToAReplyJoinsTheRootsThreadWhichPagesOldestFirst() {
        TestUser ann = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(ann.id(), bob.id());
        String root = MessageTestSupport.send(ann, room, "root");
        JsonPath first = reply(bob, room, root, "first reply");
        assertEquals(root, first.getString("parentId"));
        assertEquals(0, first.getInt("replyCount"));
        JsonPath second = reply(ann, room, first.getString("id"), "reply to the reply");
        assertEquals(root, second.getString("parentId"), "a reply to a reply attaches to the root");

        JsonPath page = thread(bob, root, "");
        assertEquals(List.of(first.getString("id"), second.getString("id")), page.getList("items.id"));
        assertEquals(false, page.getBoolean("hasMore"));
        JsonPath firstPage = thread(bob, root, "?limit=1");
        assertEquals(List.of(first.getString("id")), firstPage.getList("items.id"));
        assertEquals(true, firstPage.getBoolean("hasMore"));
        JsonPath nextPage = thread(bob, root, "?limit=1&after=" + first.getString("id"));
        assertEquals(List.of(second.getString("id")), nextPage.getList("items.id"));
        assertEquals(false, nextPage.getBoolean("hasMore"));

        // Replies are in the room's history too; the root carries the thread's count and latest reply.
        JsonPath history = MessageTestSupport.history(ann, room);
        assertEquals(List.of(second.getString("id"), first.getString("id"), root), history.getList("items.id"));
        assertEquals(2, history.getInt("items[2].replyCount"));
        assertEquals(second.getString("createdAt"), history.getString("items[2].lastReplyAt"));

        // The room hears the root's new counts as message.updated, after the reply's message.created.
        JsonNode updated = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.updated")
                        && e.path("data").path("message").path("id").asText().equals(root)
                        && e.path("data").path("message").path("replyCount").asInt() == 2);
        assertEquals(
                second.getString("createdAt"),
                updated.path("data").path("message").path("lastReplyAt").asText());
    }

    @Test
    void aSocketSendCommandWithAParentIsAReply() {
        TestUser ann = TestUser.create();
        UUID room = rooms().publicRoom(ann.id());
        String root = MessageTestSupport.send(ann, room, "root");
        UUID commandId = UUID.randomUUID();
        Map<String, Object> data = new HashMap<>(
                MessageTestSupport.data(MessageTestSupport.sendCommand(commandId, ann, room, "over the socket", null)));
        data.put("parentId", root);
        MessageTestSupport.append(
                redis,
                StreamPartitions.keyOf(prefix + "commands", room, partitions),
                MessageTestSupport.command("message.send", data));
        JsonNode created = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("data").path("commandId").asText().equals(commandId.toString()));
        assertEquals("message.created", created.path("type").asText());
        assertEquals(root, created.path("data").path("message").path("parentId").asText());
        assertEquals(1, thread(ann, root, "").getList("items").size());
    }

    @Test
    void aParentMustBeAMessageOfTheSameRoom() {
        TestUser ann = TestUser.create();
        UUID room = rooms().publicRoom(ann.id());
        UUID otherRoom = rooms().publicRoom(ann.id());
        String elsewhere = MessageTestSupport.send(ann, otherRoom, "in another room");

        post(ann, room, Map.of("content", "bad id", "parentId", "not-an-id"))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        post(
                        ann,
                        room,
                        Map.of(
                                "content",
                                "unknown parent",
                                "parentId",
                                UUID.randomUUID().toString()))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        post(ann, room, Map.of("content", "cross-room parent", "parentId", elsewhere))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", ann.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .body("items", hasSize(0));
        assertEquals(0, MessageTestSupport.history(ann, otherRoom).getInt("items[0].replyCount"));
    }

    @Test
    void onlyMembersReadAThread() {
        TestUser ann = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = rooms().privateRoom(ann.id());
        String root = MessageTestSupport.send(ann, room, "private root");
        reply(ann, room, root, "private reply");
        given().header("Authorization", outsider.bearer())
                .get("/api/messages/{id}/thread", root)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", ann.bearer())
                .get("/api/messages/{id}/thread", UUID.randomUUID())
                .then()
                .statusCode(404);
        given().header("Authorization", ann.bearer())
                .get("/api/messages/{id}/thread?limit=0", root)
                .then()
                .statusCode(400);
        assertEquals(
                1, thread(TestUser.administrator(), root, "").getList("items").size());
    }

    @Test
    void deletingTheRootKeepsItsRepliesReachable() {
        TestUser ann = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(ann.id(), bob.id());
        String root = MessageTestSupport.send(ann, room, "root to delete");
        String replyId = reply(bob, room, root, "I stay").getString("id");
        given().header("Authorization", ann.bearer())
                .delete("/api/messages/{id}", root)
                .then()
                .statusCode(204);

        given().header("Authorization", bob.bearer())
                .get("/api/messages/{id}/thread", root)
                .then()
                .statusCode(200)
                .body("items.id", contains(replyId))
                .body("items[0].content", equalTo("I stay"));
        assertEquals(List.of(replyId), MessageTestSupport.history(bob, room).getList("items.id"));
        // The thread is closed: a new reply to the deleted root has nothing to attach to.
        post(bob, room, Map.of("content", "too late", "parentId", root)).then().statusCode(404);
    }

    @Test
    void fiftyConcurrentRepliesAreCountedExactly() throws Exception {
        int replies = 50;
        TestUser owner = TestUser.create();
        List<TestUser> members = new ArrayList<>();
        for (int i = 0; i < replies; i++) {
            members.add(TestUser.create());
        }
        UUID room = rooms().publicRoom(
                        owner.id(), members.stream().map(TestUser::id).toArray(UUID[]::new));
        String root = MessageTestSupport.send(owner, room, "busy thread");
        // Each a different member (the send budget is per user); the barrier starts them together.
        CyclicBarrier start = new CyclicBarrier(replies);
        ExecutorService pool = Executors.newFixedThreadPool(replies);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (TestUser member : members) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return post(member, room, Map.of("content", "reply", "parentId", root))
                            .statusCode();
                }));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(201, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonPath history = given().header("Authorization", owner.bearer())
                .get("/api/rooms/{id}/messages?limit=200", room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> ids = history.getList("items.id");
        assertEquals(replies + 1, ids.size());
        assertEquals(root, ids.get(replies));
        assertEquals(replies, history.getInt("items[" + replies + "].replyCount"));
        assertEquals(history.getString("items[0].createdAt"), history.getString("items[" + replies + "].lastReplyAt"));
        assertTrue(thread(owner, root, "?limit=200").getList("items").size() == replies);
    }
}
