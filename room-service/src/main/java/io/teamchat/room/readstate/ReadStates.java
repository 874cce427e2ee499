package io.teamchat.room.readstate;

import io.smallrye.mutiny.Uni;
import io.teamchat.room.model.MemberRooms.MemberRoom;
import io.teamchat.room.model.RoomView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The caller's unread and mention counts for their room list, from message-service (which owns messages and read
 * markers) in one call per {@link #CHUNK} rooms, all sent at once, with when the caller joined each room so that
 * older messages count as read. If message-service cannot answer, the rooms are listed without counts rather than not
 * at all.
 */
@ApplicationScoped
public class ReadStates {

    /** message-service answers at most this many rooms per query (its request bodies are small by rule). */
    static final int CHUNK = 100;

    /**
     * Bounds the wait for all chunks together; each call is ended sooner by the client's own connect and read
     * timeouts (quarkus.rest-client.read-state.*), so this only guards against a call that never settles.
     */
    private static final Duration WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ReadStates.class);

    private final ReadStateClient client;

    public ReadStates(@RestClient ReadStateClient client) {
        this.client = client;
    }

    public List<MyRoomView> withCounts(List<MemberRoom> rooms, String authorization) {
        Map<UUID, ReadStateClient.RoomReadState> states = new HashMap<>();
        try {
            List<ReadStateClient.Room> asked = rooms.stream()
                    .map(mine -> new ReadStateClient.Room(mine.room().id(), mine.joinedAt()))
                    .toList();
            List<Uni<List<ReadStateClient.RoomReadState>>> calls = new ArrayList<>();
            for (int from = 0; from < asked.size(); from += CHUNK) {
                List<ReadStateClient.Room> chunk = asked.subList(from, Math.min(asked.size(), from + CHUNK));
                calls.add(client.of(authorization, new ReadStateClient.Query(chunk)));
            }
            if (!calls.isEmpty()) {
                for (List<ReadStateClient.RoomReadState> answer :
                        Uni.join().all(calls).andFailFast().await().atMost(WAIT)) {
                    answer.forEach(state -> states.put(state.roomId(), state));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("message-service unreachable for read state; rooms listed without counts: %s", e.getMessage());
            states.clear();
        }
        List<MyRoomView> views = new ArrayList<>(rooms.size());
        for (MemberRoom mine : rooms) {
            RoomView room = mine.room();
            ReadStateClient.RoomReadState state = states.get(room.id());
            views.add(
                    state == null
                            ? new MyRoomView(room, null, null, null)
                            : new MyRoomView(room, state.lastReadId(), state.unreadCount(), state.mentionCount()));
        }
        return views;
    }
}
