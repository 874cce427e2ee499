package io.teamchat.membership;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.redis.PipelinedRedis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Membership as room-service last committed it, kept in Redis so that every service (and every gateway) answers
 * "may user U do X in room R" from the same data without asking room-service: one hash per room,
 * {@code <prefix>room:<id>:access}, with {@code v} (the room's membership version), {@code private}, {@code direct},
 * {@code deleted}, and one field per member: user id -> role. Only room-service writes it ({@link #write},
 * {@link #deleted}); see docs/membership.md.
 *
 * <p>A room the cache does not know is answered as not found: room-service writes a room's snapshot before it
 * answers the request that created or changed it, and rewrites every room at start-up.
 */
@ApplicationScoped
public class MembershipCache {

    static final String VERSION = "v";
    static final String PRIVATE = "private";
    static final String DIRECT = "direct";
    static final String DELETED = "deleted";
    /** The version of a deleted room's tombstone: newer than any snapshot, so nothing brings the room back. */
    public static final long DELETED_VERSION = Long.MAX_VALUE;
    /** A deleted room's tombstone outlives any relay that read the room before it was deleted. */
    static final Duration TOMBSTONE_TTL = Duration.ofDays(1);

    /** Replaces the room's hash only when the incoming version is newer: late or repeated writes change nothing. */
    private static final String WRITE_IF_NEWER = """
            local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '-1')
            if current >= tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'private', ARGV[2], 'direct', ARGV[3], 'deleted', ARGV[4])
            for i = 6, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            if ARGV[4] == '1' then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5])) end
            return 1
            """;

    /**
     * Reads of {@link #roomsWithMembers} and {@link #versions} in flight at once: a few, so that sends and joins do not
     * queue behind them.
     */
    public static final int READS_IN_FLIGHT = 32;

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    /** Every send and join reads here: more reads at once than a pool's connections carry (PipelinedRedis). */
    private final PipelinedRedis pipelined;

    private final String prefix;
    private final Duration timeout;
    /** {@link #roomsWithMembers}: the member lists of the rooms it was last asked about, by room. */
    private final Map<UUID, MemberList> memberLists = new ConcurrentHashMap<>();

    public MembershipCache(
            ReactiveRedisDataSource redis,
            PipelinedRedis pipelined,
            @ConfigProperty(name = "chat.streams.prefix", defaultValue = "chat:") String prefix,
            @ConfigProperty(name = "chat.membership.timeout", defaultValue = "2s") Duration timeout) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.pipelined = pipelined;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    /** The user's access to the room, empty when the cache knows no such room (or it was deleted). */
    public Uni<Optional<RoomAccess>> access(UUID roomId, UUID userId, boolean admin) {
        return readFlagsAnd(roomId, List.of(userId)).map(fields -> accessIn(fields, userId, admin));
    }

    /**
     * One HMGET of the room's flags and these users' fields, all {@link #accessIn} needs to decide for them: the
     * fields that are set, by name.
     */
    private Uni<Map<String, String>> readFlagsAnd(UUID roomId, List<UUID> userIds) {
        String[] args = new String[userIds.size() + 5];
        args[0] = key(roomId);
        args[1] = VERSION;
        args[2] = PRIVATE;
        args[3] = DIRECT;
        args[4] = DELETED;
        for (int i = 0; i < userIds.size(); i++) {
            args[i + 5] = userIds.get(i).toString();
        }
        return pipelined.execute("HMGET", args).map(values -> {
            Map<String, String> fields = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                Response value = values.get(i - 1);
                if (value != null) {
                    fields.put(args[i], value.toString());
                }
            }
            return fields;
        });
    }

    /** The user's access as read from the room's hash fields (its flags and the user's own field). */
    private static Optional<RoomAccess> accessIn(Map<String, String> fields, UUID userId, boolean admin) {
        if (fields.get(VERSION) == null || "1".equals(fields.get(DELETED))) {
            return Optional.empty();
        }
        String role = fields.get(userId.toString());
        return Optional.of(new RoomAccess(
                "1".equals(fields.get(PRIVATE)),
                "1".equals(fields.get(DIRECT)),
                role == null ? null : RoomRole.fromWireName(role),
                admin));
    }

    /** May the user do this in the room? */
    public Uni<Decision> decide(UUID roomId, UUID userId, boolean admin, RoomAction action) {
        return access(roomId, userId, admin)
                .map(access -> access.map(a -> a.decide(action)).orElse(Decision.NOT_FOUND));
    }

    /** {@link #decide} for blocking callers (REST resources, stream consumers on worker threads). */
    public Decision decideNow(UUID roomId, UUID userId, boolean admin, RoomAction action) {
        return decide(roomId, userId, admin, action).await().atMost(timeout);
    }

    /** One question for {@link #decideAllNow}. */
    public record Question(UUID roomId, UUID userId, boolean admin, RoomAction action) {}

    /** Several decisions with one wait (the reads go out together), in the order asked; for batch consumers. */
    public List<Decision> decideAllNow(List<Question> questions) {
        if (questions.isEmpty()) {
            return List.of();
        }
        List<Uni<Decision>> reads = new ArrayList<>(questions.size());
        for (Question q : questions) {
            reads.add(decide(q.roomId(), q.userId(), q.admin(), q.action()));
        }
        return Uni.join().all(reads).andFailFast().await().atMost(timeout);
    }

    /** Who asks, for {@link #decideEach}. */
    public record Asker(UUID userId, boolean admin) {}

    /**
     * {@link #decide} for many users of one room with one read (a single HMGET of the room's flags and their fields),
     * in the order asked: a gateway re-checking every socket subscribed to a room must not send a command per socket.
     */
    public Uni<List<Decision>> decideEach(UUID roomId, List<Asker> askers, RoomAction action) {
        if (askers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> userIds = askers.stream().map(Asker::userId).toList();
        return readFlagsAnd(roomId, userIds).map(read -> {
            List<Decision> decisions = new ArrayList<>(askers.size());
            for (Asker asker : askers) {
                decisions.add(accessIn(read, asker.userId(), asker.admin())
                        .map(a -> a.decide(action))
                        .orElse(Decision.NOT_FOUND));
            }
            return decisions;
        });
    }

    /**
     * The current membership version of each room the cache knows (absent rooms are left out): one HGET per room, at
     * most {@link #READS_IN_FLIGHT} in flight (a gateway asks for every room it has sockets in, thousands of them).
     */
    public Uni<Map<UUID, Long>> versions(Collection<UUID> roomIds) {
        if (roomIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return eachRoom(roomIds, roomId -> hashes.hget(key(roomId), VERSION))
                .collect()
                .in(HashMap<UUID, Long>::new, (versions, read) -> {
                    if (read.value() != null) {
                        versions.put(read.roomId(), Long.parseLong(read.value()));
                    }
                })
                .map(Collections::unmodifiableMap);
    }

    /**
     * For each of {@code userIds}, which of these rooms have the user as a member (deleted and unknown rooms are left
     * out; a user in none of them is absent from the map): who shares a room with whom, for presence.
     *
     * <p>Exact as of the call, and cheap for many users and rooms: the rooms' member lists are kept here with the
     * version they were read at. Each call reads every room's version (one small HGET per room, at most
     * {@link #READS_IN_FLIGHT} in flight) and reads the whole hash (HGETALL) only of the rooms whose version moved
     * since; the answer is then worked out here. (One HMGET per room naming every user of the call cost the gateway
     * a fifth of its CPU while 10,000 sockets came online: 1,000 rooms times 500 user ids encoded per call.) Lists of
     * rooms not asked about are dropped, so the memory follows the caller's rooms.
     */
    public Uni<Map<UUID, Set<UUID>>> roomsWithMembers(Collection<UUID> userIds, Collection<UUID> roomIds) {
        if (roomIds.isEmpty() || userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<UUID> users = Set.copyOf(userIds);
        return versions(roomIds)
                .onItem()
                .transformToUni(versions -> refreshMembers(versions).replaceWith(versions))
                .map(versions -> {
                    memberLists.keySet().retainAll(versions.keySet());
                    Map<UUID, Set<UUID>> shared = new HashMap<>();
                    versions.keySet().forEach(roomId -> {
                        MemberList list = memberLists.get(roomId);
                        if (list != null) {
                            list.membersAmong(users)
                                    .forEach(userId -> shared.computeIfAbsent(userId, ignored -> new HashSet<>())
                                            .add(roomId));
                        }
                    });
                    return Collections.unmodifiableMap(shared);
                });
    }

    /** Reads the member list of each room whose version is not the one its kept list was read at. */
    private Uni<Void> refreshMembers(Map<UUID, Long> versions) {
        List<UUID> stale = new ArrayList<>();
        versions.forEach((roomId, version) -> {
            MemberList kept = memberLists.get(roomId);
            if (kept == null || kept.version() != version) {
                stale.add(roomId);
            }
        });
        if (stale.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return eachRoom(stale, roomId -> hashes.hgetall(key(roomId)))
                .invoke(read -> {
                    MemberList list = MemberList.of(read.value());
                    if (list == null) {
                        memberLists.remove(read.roomId());
                    } else {
                        memberLists.put(read.roomId(), list);
                    }
                })
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** A room's members as its hash listed them at {@code version}. */
    private record MemberList(long version, Set<UUID> members) {

        /** From a whole hash; null for a deleted or unknown room. */
        static MemberList of(Map<String, String> fields) {
            String version = fields == null ? null : fields.get(VERSION);
            if (version == null || "1".equals(fields.get(DELETED))) {
                return null;
            }
            Set<UUID> members = new HashSet<>();
            fields.keySet().forEach(field -> {
                if (isMemberField(field)) {
                    members.add(UUID.fromString(field));
                }
            });
            return new MemberList(Long.parseLong(version), members);
        }

        /** The users of {@code users} who are members, walking the smaller of the two sets. */
        List<UUID> membersAmong(Set<UUID> users) {
            List<UUID> found = new ArrayList<>();
            if (members.size() <= users.size()) {
                members.forEach(member -> {
                    if (users.contains(member)) {
                        found.add(member);
                    }
                });
            } else {
                users.forEach(user -> {
                    if (members.contains(user)) {
                        found.add(user);
                    }
                });
            }
            return found;
        }
    }

    /** Member fields are user ids; the others are the room's flags (v, private, direct, deleted). */
    private static boolean isMemberField(String field) {
        return field.length() == 36;
    }

    /** What one read of one room answered; {@code value} is null when the room's hash has nothing there. */
    private record RoomRead<T>(UUID roomId, T value) {}

    /** {@code read} for each room, at most {@link #READS_IN_FLIGHT} in flight, answers in the order they come. */
    private static <T> Multi<RoomRead<T>> eachRoom(Collection<UUID> roomIds, Function<UUID, Uni<T>> read) {
        return Multi.createFrom()
                .iterable(List.copyOf(roomIds))
                .onItem()
                .transformToUni(roomId -> read.apply(roomId).map(value -> new RoomRead<>(roomId, value)))
                .merge(READS_IN_FLIGHT);
    }

    /**
     * The members of each room (one HGETALL each, sent together), for {@code @room} mentions; a deleted or unknown
     * room has none. For blocking callers.
     */
    public Map<UUID, Set<UUID>> membersNow(Collection<UUID> roomIds) {
        if (roomIds.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = List.copyOf(roomIds);
        List<Uni<Map<String, String>>> reads = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            reads.add(hashes.hgetall(key(id)));
        }
        List<Map<String, String>> hashesRead =
                Uni.join().all(reads).andFailFast().await().atMost(timeout);
        Map<UUID, Set<UUID>> members = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> fields = hashesRead.get(i);
            Set<UUID> users = new HashSet<>();
            if (!"1".equals(fields.get(DELETED))) {
                for (String field : fields.keySet()) {
                    if (isMemberField(field)) {
                        users.add(UUID.fromString(field));
                    }
                }
            }
            members.put(ids.get(i), users);
        }
        return members;
    }

    /** room-service only: stores the snapshot unless the cache already has this or a newer version. */
    public Uni<Boolean> write(RoomSnapshot snapshot) {
        List<String> args = new ArrayList<>();
        args.add(WRITE_IF_NEWER);
        args.add("1");
        args.add(key(snapshot.roomId()));
        args.add(Long.toString(snapshot.version()));
        args.add(flag(snapshot.isPrivate()));
        args.add(flag(snapshot.isDirect()));
        args.add("0");
        args.add(Long.toString(TOMBSTONE_TTL.toSeconds()));
        snapshot.members().forEach((userId, role) -> {
            args.add(userId.toString());
            args.add(role.wireName());
        });
        return redis.execute("EVAL", args.toArray(String[]::new)).map(response -> response.toLong() == 1L);
    }

    /** room-service only: the room is gone for good; no later snapshot brings it back. */
    public Uni<Void> deleted(UUID roomId) {
        return redis.execute(
                        "EVAL",
                        WRITE_IF_NEWER,
                        "1",
                        key(roomId),
                        Long.toString(DELETED_VERSION),
                        "1",
                        "0",
                        "1",
                        Long.toString(TOMBSTONE_TTL.toSeconds()))
                .replaceWithVoid();
    }

    String key(UUID roomId) {
        return prefix + "room:" + roomId + ":access";
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
