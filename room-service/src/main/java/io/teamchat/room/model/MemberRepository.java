package io.teamchat.room.model;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.teamchat.membership.RoomRole;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MemberRepository implements PanacheRepositoryBase<RoomMember, RoomMember.Key> {

    public Optional<RoomMember> find(UUID roomId, UUID userId) {
        return findByIdOptional(new RoomMember.Key(roomId, userId));
    }

    public RoomRole roleOf(UUID roomId, UUID userId) {
        return find(roomId, userId).map(member -> member.role).orElse(null);
    }

    /**
     * Adds the membership unless it exists, in one statement, so that concurrent joins neither fail on the primary
     * key nor report "joined" twice. Returns whether this call added it.
     */
    public boolean insertIfAbsent(UUID roomId, UUID userId, RoomRole role, Instant joinedAt) {
        int inserted = getEntityManager()
                .createNativeQuery("""
                        insert into {h-schema}room_members (room_id, user_id, role, joined_at) values (?1, ?2, ?3, ?4)
                        on conflict (room_id, user_id) do nothing""")
                .setParameter(1, roomId)
                .setParameter(2, userId)
                .setParameter(3, role.wireName())
                .setParameter(4, joinedAt)
                .executeUpdate();
        return inserted == 1;
    }

    /** Members of a room, oldest first. */
    public List<RoomMember> listByRoom(UUID roomId) {
        return find("roomId = ?1 order by joinedAt, userId", roomId).list();
    }

    /** The member who has been in the room longest, other than {@code excluded}: the next owner. */
    public Optional<RoomMember> oldestOther(UUID roomId, UUID excluded) {
        return find("roomId = ?1 and userId <> ?2 order by joinedAt, userId", roomId, excluded)
                .firstResultOptional();
    }

    public long countByRoom(UUID roomId) {
        return count("roomId", roomId);
    }

    /** Member counts of several rooms in one query; rooms without members are absent from the map. */
    public Map<UUID, Long> countByRooms(Collection<UUID> roomIds) {
        Map<UUID, Long> counts = new HashMap<>();
        if (roomIds.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = getEntityManager()
                .createQuery(
                        "select m.roomId, count(m) from RoomMember m where m.roomId in ?1 group by m.roomId",
                        Object[].class)
                .setParameter(1, roomIds)
                .getResultList();
        for (Object[] row : rows) {
            counts.put((UUID) row[0], (Long) row[1]);
        }
        return counts;
    }

    /** The caller's role in each of several rooms; rooms the caller is not in are absent. */
    public Map<UUID, RoomRole> rolesOf(UUID userId, Collection<UUID> roomIds) {
        Map<UUID, RoomRole> roles = new HashMap<>();
        if (roomIds.isEmpty()) {
            return roles;
        }
        list("userId = ?1 and roomId in ?2", userId, roomIds).forEach(member -> roles.put(member.roomId, member.role));
        return roles;
    }

    public boolean remove(UUID roomId, UUID userId) {
        return delete("roomId = ?1 and userId = ?2", roomId, userId) > 0;
    }
}
