package io.teamchat.room.access;

import io.quarkus.security.UnauthorizedException;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, taken only from the verified access token (never from a request body). */
public record Caller(UUID id, String username, boolean admin) {

    public static Caller from(JsonWebToken token) {
        if (token == null || token.getSubject() == null) {
            throw new UnauthorizedException();
        }
        UUID id;
        try {
            id = UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException e) {
            // A signed token whose subject is not a user id was not issued by auth-service for a user.
            throw new UnauthorizedException();
        }
        String username = token.getClaim("upn");
        boolean admin = token.getGroups() != null && token.getGroups().contains("admin");
        return new Caller(id, username, admin);
    }
}
