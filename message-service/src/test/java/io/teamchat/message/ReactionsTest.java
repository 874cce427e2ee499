package io.teamchat.message;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Reactions (docs/conversation.md): idempotent, counted exactly, shown with {@code me}, announced to the room. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class ReactionsTest {

    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final String THUMBS_UP_DARK = "\uD83D\uDC4D\uD83C\uDFFF";
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
    private static final String FLAG = "\uD83C\uDDEB\uD83C\uDDF7";
    private static final String KEYCAP = "1\uFE0F\u20E3";

    @Inject
    MembershipCache membership;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private TestRooms rooms() {
        return new TestRooms(membership);
    }

    private static int react(TestUser user, String messageId, String emoji) {
        return given().header("Authorization", user.bearer())
                .put("/api/messages/{id}/reactions/{emoji}", messageId, emoji)
                .then()
                .extract()
                .statusCode();
    }

    private static int unreact(TestUser user, String messageId, String emoji) {
        return given().header("Authorization", user.bearer())
                .delete("/api/messages/{id}/reactions/{emoji}", messageId, emoji)
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void reactionsAreIdempotentCountedWithMeAndAnnouncedOncePerChange() {
        TestUser ann = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(ann.id(), bob.id());
        String id = MessageTestSupport.send(ann, room, "react to me");
        assertEquals(204, react(ann, id, THUMBS_UP));
        assertEquals(204, react(ann, id, THUMBS_UP), "adding twice is fine and changes nothing");
        assertEquals(204, react(bob, id, THUMBS_UP));
        assertEquals(204, react(bob, id, ":tada:"));

        JsonPath seenByAnn = MessageTestSupport.history(ann, room);
        assertEquals(
                List.of(
                        Map.of("emoji", THUMBS_UP, "count", 2, "me", true),
                        Map.of("emoji", ":tada:", "count", 1, "me", false)),
                seenByAnn.getList("items[0].reactions"));
        assertEquals(List.of(true, true), MessageTestSupport.history(bob, room).getList("items[0].reactions.me"));

        assertEquals(204, unreact(ann, id, THUMBS_UP));
        assertEquals(204, unreact(ann, id, THUMBS_UP), "removing twice is fine too");
        assertEquals(204, unreact(ann, id, ":never-added:"));
        assertEquals(List.of(1, 1), MessageTestSupport.history(ann, room).getList("items[0].reactions.count"));
        assertEquals(
                List.of(false, false), MessageTestSupport.history(ann, room).getList("items[0].reactions.me"));

        // Barrier: bob's last change is announced; every earlier outcome is on the stream before it.
        MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("reaction.changed")
                        && e.path("data").path("emoji").asText().equals(":tada:"));
        MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("data").path("emoji").asText().equals(":never-added:"));
        List<String> announced = MessageTestSupport.envelopes(redis, prefix + "events").stream()
                .filter(e -> e.path("type").asText().equals("reaction.changed")
                        && e.path("data").path("messageId").asText().equals(id)
                        && e.path("data").path("changed").asBoolean())
                .map(e -> e.path("data").path("userId").asText().equals(ann.id().toString())
                        ? "ann " + e.path("data").path("added").asBoolean()
                        : "bob " + e.path("data").path("added").asBoolean())
                .toList();
        assertEquals(List.of("ann true", "bob true", "bob true", "ann false"), announced);
    }

    @Test
    void emojiAreValidatedStrictly() {
        TestUser ann = TestUser.create();
        UUID room = rooms().publicRoom(ann.id());
        String id = MessageTestSupport.send(ann, room, "strict");
        for (String good : List.of(THUMBS_UP, THUMBS_UP_DARK, FAMILY, FLAG, KEYCAP, "\u2764\uFE0F", ":+1:")) {
            assertEquals(204, react(ann, id, good), good);
        }
        for (String bad : List.of(
                "a",
                "1",
                "ok",
                THUMBS_UP + THUMBS_UP,
                THUMBS_UP + " ",
                "\uD83C\uDDEB",
                ":Bad Name:",
                "::",
                FAMILY + "\u200D",
                "<b>")) {
            given().header("Authorization", ann.bearer())
                    .put("/api/messages/{id}/reactions/{emoji}", id, bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(
                7,
                MessageTestSupport.history(ann, room)
                        .getList("items[0].reactions")
                        .size());
    }

    @Test
    void atMostTwentyDifferentEmojiPerMessage() {
        TestUser ann = TestUser.create();
        TestUser bob = TestUser.create();
        UUID room = rooms().publicRoom(ann.id(), bob.id());
        String id = MessageTestSupport.send(ann, room, "popular");
        for (int i = 1; i <= 20; i++) {
            assertEquals(204, react(ann, id, ":e" + i + ":"));
        }
        assertEquals(409, react(bob, id, ":e21:"));
        assertEquals(204, react(bob, id, ":e7:"), "one of the twenty is still fine");
        assertEquals(
                20,
                MessageTestSupport.history(bob, room)
                        .getList("items[0].reactions")
                        .size());
    }

    @Test
    void skinTonesAreAcceptedAndEachToneIsAnEmojiOfItsOwn() {
        TestUser ann = TestUser.create();
        UUID room = rooms().publicRoom(ann.id());
        String id = MessageTestSupport.send(ann, room, "toned");
        String medium = "\uD83C\uDFFD";
        // what the picker sends: a modifier base with a tone, ZWJ sequences with one tone per person
        List<String> toned = List.of(
                THUMBS_UP + medium,
                "\uD83E\uDD1D" + medium, // handshake
                "\uD83E\uDDD1" + medium + "\u200D\uD83E\uDD1D\u200D\uD83E\uDDD1" + medium, // people holding hands
                "\uD83D\uDD75" + medium + "\u200D\u2640\uFE0F", // woman detective
                "\u270C" + medium); // victory hand: a text-default base takes the tone without VS16
        for (String emoji : toned) {
            assertEquals(204, react(ann, id, emoji), emoji);
        }
        assertEquals(204, react(ann, id, THUMBS_UP));
        assertEquals(
                List.of(THUMBS_UP + medium, THUMBS_UP),
                MessageTestSupport.history(ann, room).getList("items[0].reactions.emoji").stream()
                        .filter(e -> e.toString().startsWith(THUMBS_UP))
                        .toList(),
                "each tone counts as an emoji of its own (toward the 20 as well)");
        for (String bad : List.of(medium, "\u2764" + medium, THUMBS_UP + medium + medium)) {
            assertEquals(400, react(ann, id, bad), bad);
        }
    }

    @Test
    void onlyThoseWhoReadTheRoomReact() {
        TestUser ann = TestUser.create();
        TestUser outsider = TestUser.create();
        UUID room = rooms().privateRoom(ann.id());
        String id = MessageTestSupport.send(ann, room, "private");
        assertEquals(404, react(outsider, id, THUMBS_UP));
        assertEquals(404, unreact(outsider, id, THUMBS_UP));
        assertEquals(404, react(ann, UUID.randomUUID().toString(), THUMBS_UP));
        assertEquals(204, react(TestUser.administrator(), id, THUMBS_UP));
        assertEquals(List.of(1), MessageTestSupport.history(ann, room).getList("items[0].reactions.count"));
    }

    @Test
    void aHundredConcurrentReactionsLoseNoCount() throws Exception {
        int users = 100;
        TestUser owner = TestUser.create();
        List<TestUser> members = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            members.add(TestUser.create());
        }
        UUID room = rooms().publicRoom(
                        owner.id(), members.stream().map(TestUser::id).toArray(UUID[]::new));
        String id = MessageTestSupport.send(owner, room, "everyone react");
        CyclicBarrier start = new CyclicBarrier(users);
        ExecutorService pool = Executors.newFixedThreadPool(users);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (TestUser member : members) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    // On this shared test machine a burst can outlast the 2 s membership read (503, nothing
                    // changed); a client retries, and the retry is safe because adding is idempotent.
                    int status = react(member, id, THUMBS_UP);
                    for (int retry = 0; status == 503 && retry < 5; retry++) {
                        status = react(member, id, THUMBS_UP);
                    }
                    return status;
                }));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(204, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(users), MessageTestSupport.history(owner, room).getList("items[0].reactions.count"));
    }
}
