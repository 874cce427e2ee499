package io.teamchat.room.model;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    /** Public, non-direct rooms {@code userId} is not in whose name contains {@code query} (any case). */
    public List<Room> discover(UUID userId, String query, int limit) {
        String pattern = "%" + escapeLike(query == null ? "" : query.strip().toLowerCase()) + "%";
        return find("""
                select r from Room r
                where r.isPrivate = false and r.isDirect = false
                  and lower(r.name) like ?2 escape '\\'
                  and r.id not in (select m.roomId from RoomMember m where m.userId = ?1)
                order by lower(r.name), r.id""", userId, pattern).page(0, limit).list();
    }

    public Optional<Room> findByDirectKey(String directKey) {
        return find("directKey", directKey).firstResultOptional();
    }

    /**
     * Inserts the direct room unless one with the same key exists, in one statement: of two concurrent calls the
     * second waits for the first to commit and then inserts nothing. Returns whether this call inserted it.
     */
    public boolean insertDirectIfAbsent(UUID id, String name, UUID createdBy, Instant now, String directKey) {
        int inserted = getEntityManager()
                .createNativeQuery("""
                        insert into {h-schema}rooms (id, name, description, is_private, is_direct, created_by,
                                                     created_at, updated_at, direct_key)
                        values (?1, ?2, null, true, true, ?3, ?4, ?4, ?5)
                        on conflict (direct_key) do nothing""")
                .setParameter(1, id)
                .setParameter(2, name)
                .setParameter(3, createdBy)
                .setParameter(4, now)
                .setParameter(5, directKey)
                .executeUpdate();
        return inserted == 1;
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
