package io.teamchat.auth.session;

import io.quarkus.scheduler.Scheduled;
import io.teamchat.auth.audit.AuditAction;
import io.teamchat.auth.audit.AuditLog;
import io.teamchat.auth.config.AuthConfig;
import io.teamchat.auth.user.AccountDisabled;
import io.teamchat.auth.user.PasswordChanged;
import io.teamchat.auth.user.User;
import io.teamchat.common.ids.UuidV7;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sessions: an access token plus a rotating refresh token. Refresh tokens are 256 random bits, kept only as SHA-256;
 * each use marks the token used and issues its successor in the same family, and reuse of a used token revokes the
 * family (RFC 9700 refresh token rotation) - except within the short grace window after its rotation, when the same
 * successor is handed out again (two tabs refreshing at once). A family ends at a fixed time after login (absolute
 * lifetime); each token also ends when unused for the idle lifetime.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    @Inject
    AuthConfig config;

    @Inject
    AccessTokens accessTokens;

    @Inject
    AuditLog audit;

    /**
     * What register, login and refresh hand to the client; {@code refreshToken} goes into the cookie only, which
     * lives until {@code refreshExpiresAt}.
     */
    public record Session(
            User user, String accessToken, long expiresIn, String refreshToken, Instant refreshExpiresAt) {}

    /** A new session in a new refresh-token family. */
    @Transactional
    public Session start(User user) {
        Instant now = now();
        return issue(user, UUID.randomUUID(), now.plus(config.refreshTokenTtl()), now);
    }

    /** Exchanges a refresh token for a new session in its family; empty when the token is not (or no longer) good. */
    @Transactional
    public Optional<Session> rotate(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return Optional.empty();
        }
        RefreshToken token =
                RefreshToken.findByHashForUpdate(sha256(refreshToken)).orElse(null);
        Instant now = now();
        if (token == null || token.revokedAt != null || !token.expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        if (token.usedAt != null) {
            Optional<Session> again = sameSuccessorWithinGrace(token, refreshToken, now);
            if (again.isEmpty()) {
                LOG.warnf("refresh token reused for user %s: revoking its family %s", token.userId, token.familyId);
                RefreshToken.revokeFamily(token.familyId, now);
                audit.record(AuditAction.REFRESH_REUSED, null, token.userId, "family " + token.familyId);
            }
            return again;
        }
        User user = User.findById(token.userId);
        if (user == null || user.disabledAt != null) {
            return Optional.empty();
        }
        token.usedAt = now;
        Session session = issue(user, token.familyId, token.familyExpiresAt, now);
        token.successorSealed = SuccessorSeal.seal(refreshToken, session.refreshToken());
        return Optional.of(session);
    }

    /**
     * A second refresh with a token rotated moments ago (another tab, a retried request): the successor it got then,
     * with a fresh access token, as long as that successor is itself still unused and alive.
     */
    private Optional<Session> sameSuccessorWithinGrace(RefreshToken token, String refreshToken, Instant now) {
        if (token.successorSealed == null
                || token.usedAt.plus(config.refreshGrace()).isBefore(now)) {
            return Optional.empty();
        }
        Optional<String> successor = SuccessorSeal.open(refreshToken, token.successorSealed);
        Optional<RefreshToken> next = successor.flatMap(value -> RefreshToken.findByHash(sha256(value)));
        if (next.isEmpty()
                || next.get().usedAt != null
                || next.get().revokedAt != null
                || !next.get().expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        User user = User.findById(token.userId);
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(new Session(
                user, accessTokens.issue(user), accessTokens.lifetimeSeconds(), successor.get(), next.get().expiresAt));
    }

    /** Logout: revokes the family of this refresh token, if it is one of ours. */
    @Transactional
    public void end(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            return;
        }
        RefreshToken.findByHash(sha256(refreshToken))
                .ifPresent(token -> RefreshToken.revokeFamily(token.familyId, now()));
    }

    /** A new password logs out every session; runs in the transaction that changed it. */
    void onPasswordChanged(@Observes PasswordChanged event) {
        RefreshToken.revokeAllOfUser(event.userId(), now());
    }

    /** A disabled account is logged out everywhere, in the transaction that disabled it. */
    void onAccountDisabled(@Observes AccountDisabled event) {
        RefreshToken.revokeAllOfUser(event.userId(), now());
    }

    /** Drops rows that can no longer be used and successors past their grace window (every replica may run it). */
    @Scheduled(
            every = "${chat.auth.refresh-cleanup-every}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void removeDeadTokens() {
        Instant now = now();
        long forgotten = RefreshToken.forgetSuccessorsUsedBefore(now.minus(config.refreshGrace()));
        long deleted = RefreshToken.deleteDead(now);
        LOG.debugf("refresh-token clean-up: %d rows deleted, %d successors forgotten", deleted, forgotten);
    }

    private Session issue(User user, UUID familyId, Instant familyExpiresAt, Instant now) {
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        RefreshToken stored = new RefreshToken();
        stored.id = UuidV7.generate();
        stored.familyId = familyId;
        stored.userId = user.id;
        stored.tokenHash = sha256(refreshToken);
        stored.createdAt = now;
        stored.familyExpiresAt = familyExpiresAt;
        Instant idleEnd = now.plus(config.refreshIdleTtl());
        stored.expiresAt = idleEnd.isBefore(familyExpiresAt) ? idleEnd : familyExpiresAt;
        stored.persist();
        return new Session(
                user, accessTokens.issue(user), accessTokens.lifetimeSeconds(), refreshToken, stored.expiresAt);
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
