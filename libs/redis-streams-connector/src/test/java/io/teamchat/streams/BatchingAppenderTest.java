package io.teamchat.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.common.events.EventType;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.junit.jupiter.api.Test;

/** The outgoing side under a burst: far more messages at once than one XADD at a time could keep up with. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class BatchingAppenderTest {

    private static final int ROOMS = 7;
    private static final int PER_ROOM = 700;

    @Inject
    @Channel("burst-out")
    Emitter<EventEnvelope> emitter;

    @Inject
    ObjectMapper mapper;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void aBurstIsAppendedWholeAndEachRoomKeepsItsOrderOnItsPartition() throws Exception {
        EnvelopeWriter writer = new EnvelopeWriter(emitter, mapper);
        String run = UUID.randomUUID().toString();
        List<UUID> rooms = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(UUID.randomUUID());
        }
        // Emitted from one thread without waiting, interleaved across rooms: 4,900 messages in flight at once.
        List<CompletableFuture<EventEnvelope>> appended = new ArrayList<>();
        for (int seq = 0; seq < PER_ROOM; seq++) {
            for (UUID room : rooms) {
                Map<String, Object> data = Map.of("run", run, "room", room.toString(), "seq", seq);
                appended.add(writer.append(EventType.MESSAGE_SEND, data, room).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Map<String, List<Integer>> seenPerRoom = new HashMap<>();
        for (int partition = 0; partition < 4; partition++) {
            String stream = prefix + "burst:{p" + partition + "}";
            for (var entry : redis.stream(String.class).xrange(stream, StreamRange.of("-", "+"))) {
                JsonNode data = mapper.readTree(entry.payload().get("payload")).get("data");
                if (!run.equals(data.get("run").asText())) {
                    continue; // an earlier run's entries
                }
                String room = data.get("room").asText();
                assertEquals(
                        StreamPartitions.keyOf(prefix + "burst", UUID.fromString(room), 4),
                        stream,
                        "a room's entries are on its own partition");
                seenPerRoom
                        .computeIfAbsent(room, key -> new ArrayList<>())
                        .add(data.get("seq").asInt());
            }
        }
        assertEquals(ROOMS, seenPerRoom.size());
        List<Integer> inOrder =
                java.util.stream.IntStream.range(0, PER_ROOM).boxed().toList();
        for (UUID room : rooms) {
            assertEquals(inOrder, seenPerRoom.get(room.toString()), "every entry of the room, once, in emit order");
        }
    }
}
