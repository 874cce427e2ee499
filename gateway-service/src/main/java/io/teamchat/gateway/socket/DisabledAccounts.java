package io.teamchat.gateway.socket;

import io.teamchat.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts disabled while this gateway ran ({@code user.disabled}): their access tokens issued before the disable are
 * refused at CONNECT, so a closed socket cannot come back with the token it had. Remembered for
 * {@code chat.gateway.disabled-account-memory} (the access-token lifetime), after which every such token has
 * expired anyway. A gateway started after the event does not know it: there the old token works until it expires.
 */
@ApplicationScoped
public class DisabledAccounts {

    private final Map<UUID, Instant> disabledAt = new ConcurrentHashMap<>();
    private final Duration memory;

    public DisabledAccounts(GatewayConfig config) {
        this.memory = config.disabledAccountMemory();
    }

    public void disabled(UUID userId, Instant at) {
        disabledAt.merge(userId, at, (old, latest) -> latest.isAfter(old) ? latest : old);
    }

    /** True for a token of a disabled account issued no later than the disable (iat has whole seconds). */
    boolean refuses(UUID userId, Instant issuedAt) {
        Instant now = Instant.now();
        disabledAt.values().removeIf(at -> at.plus(memory).isBefore(now));
        Instant at = disabledAt.get(userId);
        return at != null && !issuedAt.isAfter(at);
    }
}
