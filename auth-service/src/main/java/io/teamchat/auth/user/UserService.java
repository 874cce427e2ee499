package io.teamchat.auth.user;

import io.teamchat.auth.audit.AuditAction;
import io.teamchat.auth.audit.AuditLog;
import io.teamchat.auth.password.PasswordHasher;
import io.teamchat.auth.throttle.LoginThrottle;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/** Accounts: creation, profile changes, lookups and the admin flag. */
@ApplicationScoped
public class UserService {

    public static final int MAX_BATCH = 100;
    public static final int SEARCH_LIMIT = 20;
    /** Serialises the registrations that race to be the first (admin) user. */
    private static final long FIRST_USER_LOCK = 0x7465616d63686174L;
    /** Serialises admin revocations, so two at once cannot each see the other admin and leave none. */
    private static final long ADMIN_ROLE_LOCK = 0x7465616d61646d6eL;

    @Inject
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    Event<PasswordChanged> passwordChanged;

    @Inject
    LoginThrottle throttle;

    @Inject
    Event<AccountDisabled> accountDisabled;

    @Inject
    AuditLog audit;

    /** Creates an account; the first one ever is an administrator. Name or email taken (any case): 409. */
    @Transactional
    public User create(String username, String email, String passwordHash) {
        requireUsernameFree(username, null);
        requireEmailFree(email, null);
        User user = new User();
        user.id = UuidV7.generate();
        user.username = username;
        user.email = email;
        user.passwordHash = passwordHash;
        user.admin = isFirstUser();
        user.createdAt = now();
        user.updatedAt = user.createdAt;
        persistChecked(user);
        return user;
    }

    public User get(UUID id) {
        return User.<User>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No such user."));
    }

    /** The users with these ids, in the order asked; unknown ids are left out. */
    public List<User> byIds(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, User> found =
                User.<User>list("id in ?1", ids).stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /** The users with these lower-cased usernames (matched in any case); unknown names are left out. */
    public List<User> byUsernames(List<String> lowerCaseNames) {
        if (lowerCaseNames.isEmpty()) {
            return List.of();
        }
        return User.list("lower(username) in ?1", lowerCaseNames);
    }

    public List<User> search(String usernamePrefix) {
        return User.searchByUsernamePrefix(usernamePrefix, SEARCH_LIMIT);
    }

    @Transactional
    public User update(UUID id, UpdateMeRequest change) {
        User user = get(id);
        if (change.needsCurrentPassword()) {
            if (change.currentPassword() == null || change.currentPassword().isEmpty()) {
                throw ProblemException.invalidField("currentPassword", "is required to change the email or password");
            }
            throttle.attemptOn(user.id.toString());
            if (!hasher.matches(change.currentPassword(), user.passwordHash)) {
                throttle.failed(user.id.toString());
                throw ProblemException.invalidField("currentPassword", "is not the current password");
            }
        }
        if (change.username() != null && !change.username().equals(user.username)) {
            requireUsernameFree(change.username(), user.id);
            user.username = change.username();
        }
        if (change.email() != null && !change.email().equals(user.email)) {
            requireEmailFree(change.email(), user.id);
            user.email = change.email();
        }
        if (change.avatarUrl() != null) {
            user.avatarUrl = change.avatarUrl().isEmpty() ? null : change.avatarUrl();
        }
        if (change.password() != null) {
            user.passwordHash = hasher.hash(change.password());
            passwordChanged.fire(new PasswordChanged(user.id));
        }
        user.updatedAt = now();
        persistChecked(user);
        return user;
    }

    /** A rehash of the same password (a newer scheme or parameters): sessions stay as they are. */
    @Transactional
    public void replacePasswordHash(User user, String passwordHash) {
        User.update("passwordHash = ?1 where id = ?2", passwordHash, user.id);
        user.passwordHash = passwordHash;
    }

    /**
     * Disables or re-enables an account. Disabling revokes every refresh token at once and, after commit, tells every
     * gateway to close the account's sockets ({@link DisabledAnnouncer}); access tokens already issued work on REST
     * until they expire (at most the access-token lifetime). Nobody disables their own account.
     */
    @Transactional
    public void setDisabled(UUID id, boolean disabled, UUID actorId) {
        if (disabled && id.equals(actorId)) {
            throw ProblemException.conflict("You cannot disable your own account.");
        }
        User user = get(id);
        if ((user.disabledAt != null) == disabled) {
            return;
        }
        user.disabledAt = disabled ? now() : null;
        user.updatedAt = now();
        if (disabled) {
            accountDisabled.fire(new AccountDisabled(user.id, user.disabledAt));
        }
        audit.record(disabled ? AuditAction.ACCOUNT_DISABLED : AuditAction.ACCOUNT_ENABLED, actorId, user.id, null);
    }

    /** Grants or revokes admin; effective from the user's next access token. The last admin cannot step down. */
    @Transactional
    public void setAdmin(UUID id, boolean admin, UUID actorId) {
        User user = get(id);
        if (user.admin == admin) {
            return;
        }
        if (!admin) {
            // Both revokers would otherwise count two admins before either commits.
            lock(ADMIN_ROLE_LOCK);
        }
        if (!admin && User.countAdmins() <= 1) {
            throw ProblemException.conflict("The last administrator cannot lose the admin role.");
        }
        user.admin = admin;
        user.updatedAt = now();
        audit.record(admin ? AuditAction.ADMIN_GRANTED : AuditAction.ADMIN_REVOKED, actorId, user.id, null);
    }

    private boolean isFirstUser() {
        if (User.anyExists()) {
            return false;
        }
        // Only while the table is empty: lock, then look again (READ COMMITTED sees the winner's row).
        lock(FIRST_USER_LOCK);
        return !User.anyExists();
    }

    /** A PostgreSQL advisory lock held until this transaction ends. */
    private void lock(long key) {
        em.createNativeQuery("SELECT count(*) FROM pg_advisory_xact_lock(?1)")
                .setParameter(1, key)
                .getSingleResult();
    }

    private static void requireUsernameFree(String username, UUID self) {
        User.findByUsername(username).filter(other -> !other.id.equals(self)).ifPresent(other -> {
            throw ProblemException.conflictOnField("username", "is already taken");
        });
    }

    private static void requireEmailFree(String email, UUID self) {
        User.findByEmail(email).filter(other -> !other.id.equals(self)).ifPresent(other -> {
            throw ProblemException.conflictOnField("email", "is already registered");
        });
    }

    /** The unique indexes decide races the checks above lose. */
    private void persistChecked(User user) {
        try {
            user.persist();
            em.flush();
        } catch (ConstraintViolationException e) {
            String constraint =
                    Objects.requireNonNullElse(e.getConstraintName(), "").toLowerCase(Locale.ROOT);
            if (constraint.contains("email")) {
                throw ProblemException.conflictOnField("email", "is already registered");
            }
            if (constraint.contains("username")) {
                throw ProblemException.conflictOnField("username", "is already taken");
            }
            throw e;
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
