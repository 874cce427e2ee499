package io.teamchat.testing;

import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomRole;
import io.teamchat.membership.RoomSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rooms for tests of services that read membership (message-service, gateway), written to the real membership cache
 * in Redis through the real library, exactly as room-service publishes them: the service under test decides with
 * its production code and rules, nothing answers "member" on its behalf. Inject {@link MembershipCache} in the test
 * and wrap it: {@code new TestRooms(cache)}.
 */
public final class TestRooms {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicLong VERSIONS = new AtomicLong();
    private static final Map<UUID, RoomSnapshot> ROOMS = new ConcurrentHashMap<>();

    private final MembershipCache cache;

    public TestRooms(MembershipCache cache) {
        this.cache = cache;
    }

    /** A public room owned by {@code owner} with {@code members} as plain members. */
    public UUID publicRoom(UUID owner, UUID... members) {
        return create(false, false, owner, members);
    }

    /** A private room owned by {@code owner} with {@code members} as plain members. */
    public UUID privateRoom(UUID owner, UUID... members) {
        return create(true, false, owner, members);
    }

    /** The direct room of two users (both plain members, as room-service makes them). */
    public UUID directRoom(UUID one, UUID other) {
        UUID roomId = UUID.randomUUID();
        write(roomId, true, true, Map.of(one, RoomRole.MEMBER, other, RoomRole.MEMBER));
        return roomId;
    }

    /** {@code userId} joins (or is added to) the room as a plain member. */
    public void add(UUID roomId, UUID userId) {
        change(roomId, userId, RoomRole.MEMBER);
    }

    /** {@code userId} left or was removed. */
    public void remove(UUID roomId, UUID userId) {
        change(roomId, userId, null);
    }

    /** The rooms of this test run that {@code userId} is a member of (what room-service's {@code GET /api/rooms} lists). */
    public static List<UUID> roomsOf(UUID userId) {
        return ROOMS.values().stream()
                .filter(room -> room.members().containsKey(userId))
                .map(RoomSnapshot::roomId)
                .toList();
    }

    public void delete(UUID roomId) {
        ROOMS.remove(roomId);
        cache.deleted(roomId).await().atMost(TIMEOUT);
    }

    private UUID create(boolean isPrivate, boolean isDirect, UUID owner, UUID... members) {
        Map<UUID, RoomRole> roles = new HashMap<>();
        for (UUID member : members) {
            roles.put(member, RoomRole.MEMBER);
        }
        roles.put(owner, RoomRole.OWNER);
        UUID roomId = UUID.randomUUID();
        write(roomId, isPrivate, isDirect, roles);
        return roomId;
    }

    private void change(UUID roomId, UUID userId, RoomRole role) {
        RoomSnapshot current = ROOMS.get(roomId);
        if (current == null) {
            throw new IllegalArgumentException("not a room of this test: " + roomId);
        }
        Map<UUID, RoomRole> roles = new HashMap<>(current.members());
        if (role == null) {
            roles.remove(userId);
        } else {
            roles.put(userId, role);
        }
        write(roomId, current.isPrivate(), current.isDirect(), roles);
    }

    private void write(UUID roomId, boolean isPrivate, boolean isDirect, Map<UUID, RoomRole> roles) {
        RoomSnapshot snapshot = new RoomSnapshot(roomId, VERSIONS.incrementAndGet(), isPrivate, isDirect, roles);
        ROOMS.put(roomId, snapshot);
        if (!cache.write(snapshot).await().atMost(TIMEOUT)) {
            throw new IllegalStateException("the membership cache kept a newer version of " + roomId);
        }
    }
}
