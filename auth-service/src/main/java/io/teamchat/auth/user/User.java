package io.teamchat.auth.user;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** A registered account. Username and email keep the case they were given; lookups ignore case. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 50)
    public String username;

    @Column(nullable = false, length = 254)
    public String email;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Column(name = "is_admin", nullable = false)
    public boolean admin;

    /** Set while an admin has disabled the account: no login, no refresh. */
    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Optional<User> findByUsername(String username) {
        return find("lower(username) = ?1", username.toLowerCase(Locale.ROOT)).firstResultOptional();
    }

    public static Optional<User> findByEmail(String email) {
        return find("lower(email) = ?1", email.toLowerCase(Locale.ROOT)).firstResultOptional();
    }

    /** Users whose name starts with {@code prefix} (any case), by name. */
    public static List<User> searchByUsernamePrefix(String prefix, int limit) {
        String literal = prefix.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        String pattern = literal + "%";
        return find("lower(username) like ?1 escape '\\' order by lower(username)", pattern)
                .page(0, limit)
                .list();
    }

    /**
     * Whether there is any user at all: one row read, where a count would read the whole table on every
     * registration.
     */
    public static boolean anyExists() {
        return findAll().firstResultOptional().isPresent();
    }

    public static long countAdmins() {
        return count("admin", true);
    }
}
