package io.teamchat.gateway.support;

import io.teamchat.testing.TestTokens;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** A user the gateway accepts: a fresh random id and name, and a token signed with the test key. */
public record TestUser(UUID id, String username, String token) {

    public static TestUser create() {
        return create(Set.of("user"));
    }

    public static TestUser create(Set<String> groups) {
        UUID id = UUID.randomUUID();
        String username = "u_" + id.toString().substring(0, 8);
        return new TestUser(id, username, TestTokens.issue(id, username, groups));
    }

    /** A user whose access token expires {@code ttl} from now. */
    public static TestUser withTokenValidFor(Duration ttl) {
        UUID id = UUID.randomUUID();
        String username = "u_" + id.toString().substring(0, 8);
        return new TestUser(id, username, TestTokens.issue(id, username, Set.of("user"), ttl));
    }
}
