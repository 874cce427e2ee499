package io.teamchat.room.events;

import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.join;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Room deletions and kicks reach the audit stream (auth-service records them; its AuditStreamTest) with who, to whom,
 * which room and from where; never on the events stream that gateways read, and a plain leave is not audited.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class RoomAuditTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void aKickIsAuditedWithActorTargetRoomAndAddress() throws Exception {
        TestUser owner = TestUser.create();
        TestUser kicked = TestUser.create();
        TestUser leaver = TestUser.create();
        UUID room = publicRoom(owner);
        join(kicked, room);
        join(leaver, room);

        as(leaver).post("/api/rooms/{id}/leave", room).then().statusCode(204);
        as(owner)
                .header("X-Forwarded-For", "203.0.113.7")
                .delete("/api/rooms/{id}/members/{userId}", room, kicked.id())
                .then()
                .statusCode(204);

        JsonNode entry = audit().await("audit.recorded", room, "/data/targetId", kicked.id());
        assertEquals("member.removed", entry.at("/data/action").asText());
        assertEquals(owner.id().toString(), entry.at("/data/actorId").asText());
        // the test client is on loopback, a trusted proxy, as the gateway is
        assertEquals("203.0.113.7", entry.at("/data/address").asText());
        assertTrue(entry.at("/data/at").isTextual());
        assertTrue(
                audit().find("audit.recorded", room, "/data/targetId", leaver.id())
                        .isEmpty(),
                "leaving is not");
        assertTrue(
                events().find("audit.recorded", room, "/data/targetId", kicked.id())
                        .isEmpty(),
                "gateways never see audit entries");
    }

    @Test
    void aRoomDeletionIsAudited() throws Exception {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);

        as(owner).delete("/api/rooms/{id}", room).then().statusCode(204);

        JsonNode entry = audit().await("audit.recorded", room, "/data/actorId", owner.id());
        assertEquals("room.deleted", entry.at("/data/action").asText());
        assertTrue(entry.at("/data/targetId").isNull());
    }

    private RoomEventsProbe audit() {
        return new RoomEventsProbe(redis, mapper, prefix, "audit");
    }

    private RoomEventsProbe events() {
        return new RoomEventsProbe(redis, mapper, prefix);
    }
}
