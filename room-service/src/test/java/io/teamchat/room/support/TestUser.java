package io.teamchat.room.support;

import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.TestTokens;
import java.util.Set;
import java.util.UUID;

/**
 * A user of a test: a fresh random id and username, an access token the service accepts, and an account that
 * auth-service (AuthServiceStub) knows.
 */
public record TestUser(UUID id, String username, String token) {

    public static TestUser create() {
        return create(false);
    }

    public static TestUser admin() {
        return create(true);
    }

    private static TestUser create(boolean admin) {
        UUID id = UUID.randomUUID();
        String username = (admin ? "admin_" : "user_") + id.toString().substring(0, 8);
        Set<String> groups = admin ? Set.of("user", "admin") : Set.of("user");
        AuthServiceStub.register(id, username); // an existing user, as far as room-service's lookup goes
        return new TestUser(id, username, TestTokens.issue(id, username, groups));
    }
}
