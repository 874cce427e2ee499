package io.teamchat.room.events;

import static io.teamchat.room.support.RoomApi.addMember;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
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

        JsonNode envelope = awaitMemberJoined(room, joiner.id());
        assertEquals("member.joined", envelope.get("type").asText());
        assertEquals(joiner.username(), envelope.at("/data/user/username").asText());
        assertNull(envelope.at("/data/user/avatarUrl").textValue());
        // Creating the room announced its owner too.
        assertEquals(
                owner.username(),
                awaitMemberJoined(room, owner.id()).at("/data/user/username").asText());
    }

    @Test
    void addingSomeoneElsePublishesTheirIdWithoutAUsername() throws Exception {
        TestUser owner = TestUser.create();
        TestUser added = TestUser.create();
        UUID room = publicRoom(owner);
        addMember(owner, room, added);

        JsonNode envelope = awaitMemberJoined(room, added.id());
        assertNull(envelope.at("/data/user/username").textValue());
    }

    private JsonNode awaitMemberJoined(UUID roomId, UUID userId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = findMemberJoined(roomId, userId);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no member.joined for room " + roomId + " and user " + userId);
    }

    private Optional<JsonNode> findMemberJoined(UUID roomId, UUID userId) throws Exception {
        var entries = redis.stream(String.class).xrange(prefix + "events", StreamRange.of("-", "+"));
        for (var entry : entries) {
            JsonNode envelope = mapper.readTree(entry.payload().get("payload"));
            if ("member.joined".equals(envelope.path("type").asText())
                    && roomId.toString().equals(envelope.at("/data/roomId").asText())
                    && userId.toString().equals(envelope.at("/data/user/id").asText())) {
                return Optional.of(envelope);
            }
        }
        return Optional.empty();
    }
}
