package io.teamchat.gateway.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.redis.PipelinedRedis;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A send's checks, its rate-limit script and its membership read, go over one pipelined Redis connection
 * ({@link PipelinedRedis}) rather than a pooled connection each, which carries only one command at a time: commands
 * sent at once share that connection, and once it is lost the next command opens another.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SendChecksConnectionTest extends GatewayTestBase {

    @Inject
    PipelinedRedis pipelined;

    private long connectionId() {
        return pipelined
                .execute("CLIENT", "ID")
                .await()
                .atMost(Duration.ofSeconds(5))
                .toLong();
    }

    @Test
    void commandsSentAtOnceShareOneConnection() {
        List<Uni<Response>> asked = IntStream.range(0, 500)
                .mapToObj(i -> pipelined.execute("CLIENT", "ID"))
                .toList();

        List<Response> ids = Uni.join().all(asked).andFailFast().await().atMost(Duration.ofSeconds(10));

        assertEquals(
                1,
                ids.stream().map(Response::toLong).distinct().count(),
                "500 commands at once, one connection (a pool would spread them over its connections)");
    }

    @Test
    void aLostConnectionIsOpenedAgainAndJoinsAreCheckedThroughTheNewOne() throws Exception {
        TestUser alice = TestUser.create();
        UUID room = roomWith(alice);
        long killed = connectionId();

        redis.execute("CLIENT", "KILL", "ID", Long.toString(killed));

        long renewed = Await.value("a new connection", () -> {
            try {
                return Optional.of(connectionId());
            } catch (RuntimeException lostWithTheOldOne) {
                return Optional.empty();
            }
        });
        assertNotEquals(killed, renewed);
        JSONObject ack = connect(alice).request("join-room", Map.of("roomId", room.toString()));
        assertTrue(ack.getBoolean("ok"), "the membership read of the join went through: " + ack);
    }
}
