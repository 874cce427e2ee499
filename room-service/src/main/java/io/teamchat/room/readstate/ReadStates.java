package io.teamchat.room.readstate;

import io.teamchat.room.model.MemberRepository;
import io.teamchat.room.model.RoomView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The caller's unread and mention counts for their room list, from message-service (which owns messages and read
 * markers) in one call per {@link #CHUNK} rooms, with when the caller joined each room so that older messages count as
 * read. If message-service cannot answer, the rooms are listed without counts rather than not at all.
 */
@ApplicationScoped
public class ReadStates {

    /** message-service answers at most this many rooms per query (its request bodies are small by rule). */
    static final int CHUNK = 100;

    private static final Logger LOG = Logger.getLogger(ReadStates.class);

    private final ReadStateClient client;
    private final MemberRepository members;

    public ReadStates(@RestClient ReadStateClient client, MemberRepository members) {
        this.client = client;
        this.members = members;
    }

    public List<MyRoomView> withCounts(List<RoomView> rooms, UUID callerId, String authorization) {
        Map<UUID, ReadStateClient.RoomReadState> states = new HashMap<>();
        try {
            Map<UUID, Instant> joined = members.joinedAtOf(callerId);
            List<ReadStateClient.Room> asked = rooms.stream()
                    .map(room -> new ReadStateClient.Room(room.id(), joined.get(room.id())))
                    .toList();
            for (int from = 0; from < asked.size(); from += CHUNK) {
                List<ReadStateClient.Room> chunk = asked.subList(from, Math.min(asked.size(), from + CHUNK));
                for (ReadStateClient.RoomReadState state : client.of(authorization, new ReadStateClient.Query(chunk))) {
                    states.put(state.roomId(), state);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("message-service unreachable for read state; rooms listed without counts: %s", e.getMessage());
            states.clear();
        }
        List<MyRoomView> views = new ArrayList<>(rooms.size());
        for (RoomView room : rooms) {
            ReadStateClient.RoomReadState state = states.get(room.id());
            views.add(
                    state == null
                            ? new MyRoomView(room, null, null, null)
                            : new MyRoomView(room, state.lastReadId(), state.unreadCount(), state.mentionCount()));
        }
        return views;
    }
}
