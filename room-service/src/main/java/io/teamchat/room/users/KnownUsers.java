package io.teamchat.room.users;

import io.teamchat.common.problem.ProblemException;
import io.teamchat.common.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Only existing users become members: a user id someone adds (or opens a direct room with) is looked up in
 * auth-service, which owns users, before anything changes. Unknown: 400 on {@code userId}; auth-service unreachable:
 * 503 (nothing is added on a guess). The lookup's username goes into the {@code member.joined} event, so every client
 * can show the new member by name.
 */
@ApplicationScoped
public class KnownUsers {

    private static final Logger LOG = Logger.getLogger(KnownUsers.class);

    private final UsersClient users;
    private final JsonWebToken token;

    public KnownUsers(@RestClient UsersClient users, JsonWebToken token) {
        this.users = users;
        this.token = token;
    }

    /** The user's username; fails when there is no such user or auth-service cannot say. */
    public String requireUsername(UUID userId) {
        Optional<String> username;
        try {
            username = users.byIds("Bearer " + token.getRawToken(), userId.toString()).stream()
                    .filter(user -> userId.equals(user.id()))
                    .map(UsersClient.UserRef::username)
                    .findFirst();
        } catch (RuntimeException e) {
            LOG.warnf("auth-service unreachable for a user lookup: %s", e.getMessage());
            throw new ProblemException(Problems.unavailable("Users cannot be checked right now."));
        }
        return username.orElseThrow(() -> ProblemException.invalidField("userId", "is not a user"));
    }
}
