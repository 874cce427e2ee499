package io.teamchat.gateway.socket;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The verified identity of a socket, taken from its access token at CONNECT. {@code expiresAt} is the token's
 * {@code exp}: after it the services behind the gateway refuse the token, so the socket must reconnect with a new one.
 */
public record AuthUser(UUID id, String username, Set<String> groups, String token, Instant expiresAt) {

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isAdmin() {
        return groups.contains("admin");
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "AuthUser[id=" + id + ", username=" + username + "]";
    }
}
