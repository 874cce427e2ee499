package io.teamchat.room.events;

import static io.teamchat.room.support.RoomApi.addMember;
import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class MemberJoinedEventTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void joiningPublishesMemberJoinedOnTheEventsStream() throws Exception {
        TestUser owner = TestUser.create();
        TestUser joiner = TestUser.create();
        UUID room = publicRoom(owner);
        join(joiner, room);

        JsonNode envelope = events().await("member.joined", room, "/data/user/id", joiner.id());
        assertEquals("member.joined", envelope.get("type").asText());
        assertEquals(joiner.username(), envelope.at("/data/user/username").asText());
        assertNull(envelope.at("/data/user/avatarUrl").textValue());
        // Creating the room announced its owner too.
        assertEquals(
                owner.username(),
                events().await("member.joined", room, "/data/user/id", owner.id())
                        .at("/data/user/username")
                        .asText());
    }

    @Test
    void addingSomeoneElsePublishesTheirUsernameFromAuthService() throws Exception {
        TestUser owner = TestUser.create();
        TestUser added = TestUser.create();
        UUID room = publicRoom(owner);
        addMember(owner, room, added);

        JsonNode envelope = events().await("member.joined", room, "/data/user/id", added.id());
        assertEquals(added.username(), envelope.at("/data/user/username").textValue());
    }

    @Test
    void openingADirectRoomPublishesBothPeopleByName() throws Exception {
        TestUser opener = TestUser.create();
        TestUser other = TestUser.create();
        UUID room = UUID.fromString(as(opener)
                .body(Map.of("userId", other.id().toString()))
                .post("/api/rooms/direct")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));

        assertEquals(
                other.username(),
                events().await("member.joined", room, "/data/user/id", other.id())
                        .at("/data/user/username")
                        .textValue());
        assertEquals(
                opener.username(),
                events().await("member.joined", room, "/data/user/id", opener.id())
                        .at("/data/user/username")
                        .textValue());
    }

    private RoomEventsProbe events() {
        return new RoomEventsProbe(redis, mapper, prefix);
    }
}
