package io.teamchat.gateway.socket;

import java.util.Set;
import java.util.UUID;

/** The verified identity of a socket, taken from its access token at CONNECT. */
public record AuthUser(UUID id, String username, Set<String> groups, String token) {

    public boolean isAdmin() {
        return groups.contains("admin");
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "AuthUser[id=" + id + ", username=" + username + "]";
    }
}
