package io.teamchat.gateway.socket;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies a socket's access token with the same smallrye-jwt settings the REST services use (issuer, auth-service
 * JWKS). Runs on a worker thread: the first verification may fetch the key set over HTTP.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final JWTParser parser;
    private final DisabledAccounts disabled;

    public TokenVerifier(JWTParser parser, DisabledAccounts disabled) {
        this.parser = parser;
        this.disabled = disabled;
    }

    /** The user, or empty for a missing, malformed, expired or wrongly signed token, or one of a disabled account. */
    public Uni<Optional<AuthUser>> verify(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().item(() -> parse(token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Optional<AuthUser> parse(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            UUID userId = UUID.fromString(jwt.getSubject());
            String username = jwt.getName();
            Set<String> groups = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
            Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
            // smallrye-jwt tolerates some clock skew; a socket would be closed again at the next heartbeat tick
            // (and reconnect in a loop), so an expired token is refused here without grace.
            if (!Instant.now().isBefore(expiresAt)) {
                LOG.debug("socket token rejected: expired");
                return Optional.empty();
            }
            if (disabled.refuses(userId, Instant.ofEpochSecond(jwt.getIssuedAtTime()))) {
                LOG.debug("socket token rejected: the account was disabled after it was issued");
                return Optional.empty();
            }
            return Optional.of(new AuthUser(userId, username, groups, token, expiresAt));
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            LOG.debugf("socket token rejected: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
