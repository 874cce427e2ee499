package io.teamchat.auth.session;

import io.teamchat.auth.config.AuthConfig;
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
 * family (RFC 9700 refresh token rotation).
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

    /** What register, login and refresh hand to the client; {@code refreshToken} goes into the cookie only. */
    public record Session(User user, String accessToken, long expiresIn, String refreshToken) {}

    /** A new session in a new refresh-token family. */
    @Transactional
    public Session start(User user) {
        return issue(user, UUID.randomUUID(), now());
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
            LOG.warnf("refresh token reused for user %s: revoking its family %s", token.userId, token.familyId);
            RefreshToken.revokeFamily(token.familyId, now);
            return Optional.empty();
        }
        User user = User.findById(token.userId);
        if (user == null) {
            return Optional.empty();
        }
        token.usedAt = now;
        return Optional.of(issue(user, token.familyId, now));
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

    private Session issue(User user, UUID familyId, Instant now) {
        byte[] raw = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(raw);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        RefreshToken stored = new RefreshToken();
        stored.id = UuidV7.generate();
        stored.familyId = familyId;
        stored.userId = user.id;
        stored.tokenHash = sha256(refreshToken);
        stored.createdAt = now;
        stored.expiresAt = now.plus(config.refreshTokenTtl());
        stored.persist();
        return new Session(user, accessTokens.issue(user), accessTokens.lifetimeSeconds(), refreshToken);
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
