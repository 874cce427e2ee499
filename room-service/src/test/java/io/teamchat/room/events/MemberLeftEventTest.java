package io.teamchat.room.events;

import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class MemberLeftEventTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void leavingPublishesMemberLeftNotRemoved() throws Exception {
        TestUser owner = TestUser.create();
        TestUser leaver = TestUser.create();
        UUID room = publicRoom(owner);
        join(leaver, room);

        as(leaver).post("/api/rooms/{id}/leave", room).then().statusCode(204);

        JsonNode envelope = events().await("member.left", room, "/data/userId", leaver.id());
        assertEquals("member.left", envelope.get("type").asText());
        assertFalse(envelope.at("/data/removed").booleanValue());
        assertTrue(envelope.at("/data/removed").isBoolean());
    }

    @Test
    void kickingPublishesMemberLeftRemoved() throws Exception {
        TestUser owner = TestUser.create();
        TestUser kicked = TestUser.create();
        UUID room = publicRoom(owner);
        join(kicked, room);

        as(owner)
                .delete("/api/rooms/{id}/members/{userId}", room, kicked.id())
                .then()
                .statusCode(204);

        JsonNode envelope = events().await("member.left", room, "/data/userId", kicked.id());
        assertTrue(envelope.at("/data/removed").booleanValue());
    }

    @Test
    void leavingARoomOneIsNotInPublishesNothing() throws Exception {
        TestUser owner = TestUser.create();
        TestUser stranger = TestUser.create();
        TestUser member = TestUser.create();
        UUID room = publicRoom(owner);
        join(member, room);

        as(stranger).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        // A later leave that does publish proves the publisher ran after the no-op, so "nothing" is not a race.
        as(member).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        events().await("member.left", room, "/data/userId", member.id());

        assertTrue(events().find("member.left", room, "/data/userId", stranger.id())
                .isEmpty());
        assertEquals(
                1,
                events().find("member.left", room, "/data/userId", member.id()).size());
    }

    private RoomEventsProbe events() {
        return new RoomEventsProbe(redis, mapper, prefix);
    }
}
