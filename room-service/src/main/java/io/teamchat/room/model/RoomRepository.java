package io.teamchat.room.model;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

@ApplicationScoped
public class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    /** A room found by discovery with its sort key, from which the next page's cursor is made. */
    public record Discovered(Room room, String sortKey) {

        public DiscoverCursor cursor() {
            return new DiscoverCursor(sortKey, room.id);
        }
    }

    /**
     * Up to {@code limit} public, non-direct rooms {@code userId} is not in whose name contains {@code query} (any
     * case), after {@code after} (null: from the start), ordered by {@code lower(name)} then id. Keyset paging: the
     * partial index {@code rooms_public_sort_idx} (lower(name), id) serves the order and the cursor, and
     * {@code rooms_public_name_trgm_idx} the substring when few rooms match (see docs/membership.md, "Discovery").
     */
    @SuppressWarnings("unchecked")
    public List<Discovered> discover(UUID userId, String query, DiscoverCursor after, int limit) {
        String term = query == null ? "" : query.strip();
        // lower() on both sides, by PostgreSQL's rules; LIKE escapes with a backslash by default (escapeLike).
        String sql = "select {r.*}, lower(r.name) as sort_key from {h-schema}rooms r"
                + " where not r.is_private and not r.is_direct"
                + (term.isEmpty() ? "" : " and lower(r.name) like lower(:pattern)")
                + (after == null ? "" : " and (lower(r.name), r.id) > (:afterKey, :afterId)")
                + " and not exists (select 1 from {h-schema}room_members m where m.room_id = r.id and m.user_id = :user)"
                + " order by lower(r.name), r.id limit :limit";
        NativeQuery<Object[]> select = getSession()
                .createNativeQuery(sql)
                .addEntity("r", Room.class)
                .addScalar("sort_key", StandardBasicTypes.STRING);
        select.setParameter("user", userId).setParameter("limit", limit);
        if (!term.isEmpty()) {
            select.setParameter("pattern", "%" + escapeLike(term) + "%");
        }
        if (after != null) {
            select.setParameter("afterKey", after.sortKey()).setParameter("afterId", after.id());
        }
        return select.list().stream()
                .map(row -> new Discovered((Room) row[0], (String) row[1]))
                .toList();
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
