package io.teamchat.auth.session;

import io.teamchat.auth.password.PasswordHasher;
import io.teamchat.auth.user.User;
import io.teamchat.auth.user.UserService;
import io.teamchat.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Registration and login: each ends in a new session. */
@ApplicationScoped
public class AuthService {

    @Inject
    PasswordHasher hasher;

    @Inject
    UserService users;

    @Inject
    SessionService sessions;

    @Inject
    LoginMetrics metrics;

    /** Hashing comes first: the transaction takes a connection only at its first statement. */
    @Transactional
    public SessionService.Session register(RegisterRequest request) {
        String hash = hasher.hash(request.password());
        User user = users.create(request.username(), request.email(), hash);
        return sessions.start(user);
    }

    /** Unknown login and wrong password fail alike, after one bcrypt check either way. */
    public SessionService.Session login(LoginRequest request) {
        String login = request.login().strip();
        Optional<User> user = login.contains("@") ? User.findByEmail(login) : User.findByUsername(login);
        boolean ok = user.isPresent()
                ? hasher.matches(request.password(), user.get().passwordHash)
                : hasher.matchesNobody(request.password());
        if (!ok) {
            metrics.failed(user.isPresent());
            throw ProblemException.unauthorized("Wrong login or password.");
        }
        metrics.succeeded();
        return sessions.start(user.get());
    }
}
