package io.teamchat.message;

import static io.teamchat.message.ReadApi.markRead;
import static io.teamchat.message.ReadApi.mentions;
import static io.teamchat.message.ReadApi.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code @username} and {@code @room} resolved at send (docs/conversation.md, "Mentions"). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class MentionTest {

    @Inject
    MembershipCache membership;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    private static TestUser registered() {
        TestUser user = TestUser.create();
        AuthServiceStub.register(user.id(), user.username());
        return user;
    }

    private List<String> mentionsInHistory(TestUser viewer, UUID room, String messageId) {
        return RestAssured.given()
                .header("Authorization", viewer.bearer())
                .get("/api/rooms/{id}/messages", room)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.find { it.id == '" + messageId + "' }.mentions", String.class);
    }

    @Test
    void membersAreMentionedAndNonMembersNeitherNotifiedNorRevealed() {
        TestUser owner = registered();
        TestUser member = registered();
        TestUser outsider = registered();
        UUID room = new TestRooms(membership).publicRoom(owner.id(), member.id());

        String id = send(
                owner,
                room,
                "@" + member.username().toUpperCase() + " and @" + outsider.username() + " and @nobody_here, @"
                        + owner.username());

        assertEquals(List.of(member.id().toString()), mentionsInHistory(member, room, id));
        var created = MessageTestSupport.awaitEnvelope(
                redis,
                prefix + "events",
                e -> e.path("type").asText().equals("message.created")
                        && e.path("data").path("message").path("id").asText().equals(id));
        assertEquals(1, created.path("data").path("message").path("mentions").size());
        assertEquals(
                member.id().toString(),
                created.path("data").path("message").path("mentions").get(0).asText());
        assertEquals(1, mentions(member, room));
        assertEquals(0, mentions(owner, room), "the sender is never mentioned");

        // Reading past the message clears the mention count.
        markRead(member, room, id, 200);
        assertEquals(0, mentions(member, room));
    }

    @Test
    void atRoomFromTheOwnerMentionsEveryMemberButFromAPlainMemberNobody() {
        TestUser owner = registered();
        TestUser one = registered();
        TestUser two = registered();
        UUID room = new TestRooms(membership).publicRoom(owner.id(), one.id(), two.id());

        String fromOwner = send(owner, room, "@room standup now");
        assertEquals(
                Set.of(one.id().toString(), two.id().toString()), Set.copyOf(mentionsInHistory(one, room, fromOwner)));
        String fromMember = send(one, room, "hey @room");
        assertEquals(List.of(), mentionsInHistory(one, room, fromMember));
        assertEquals(1, mentions(two, room));
        assertEquals(0, mentions(one, room), "sending moved their marker past the owner's @room");
    }

    @Test
    void anEditNeitherAddsNorRemovesMentions() {
        TestUser owner = registered();
        TestUser member = registered();
        TestUser other = registered();
        UUID room = new TestRooms(membership).publicRoom(owner.id(), member.id(), other.id());
        String id = send(owner, room, "ping @" + member.username());
        String edited = RestAssured.given()
                .header("Authorization", owner.bearer())
                .contentType("application/json")
                .body(java.util.Map.of("content", "ping @" + other.username() + " instead"))
                .patch("/api/messages/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("mentions[0]");
        assertEquals(member.id().toString(), edited);
        assertEquals(List.of(member.id().toString()), mentionsInHistory(owner, room, id));
        assertEquals(1, mentions(member, room));
        assertEquals(0, mentions(other, room));
    }

    @Test
    void deletingAMentionRemovesItFromTheCount() {
        TestUser owner = registered();
        TestUser member = registered();
        UUID room = new TestRooms(membership).publicRoom(owner.id(), member.id());
        String id = send(owner, room, "ping @" + member.username());
        assertEquals(1, mentions(member, room));
        RestAssured.given()
                .header("Authorization", owner.bearer())
                .delete("/api/messages/{id}", id)
                .then()
                .statusCode(204);
        assertEquals(0, mentions(member, room));
    }
}
