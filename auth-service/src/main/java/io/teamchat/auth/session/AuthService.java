package io.teamchat.auth.session;

import io.teamchat.auth.audit.AuditAction;
import io.teamchat.auth.audit.AuditLog;
import io.teamchat.auth.password.PasswordHasher;
import io.teamchat.auth.throttle.LoginThrottle;
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
    LoginThrottle throttle;

    @Inject
    AuditLog audit;

    @Inject
    LoginMetrics metrics;

    /** Hashing comes first: the transaction takes a connection only at its first statement. */
    @Transactional
    public SessionService.Session register(RegisterRequest request) {
        throttle.attempt();
        String hash = hasher.hash(request.password());
        User user = users.create(request.username(), request.email(), hash);
        return sessions.start(user);
    }

    /**
     * Unknown login and wrong password fail alike, after one hash check either way. Attempts are limited per address
     * and per account (by user id, so username and email count together); a hash from an older scheme or with older
     * parameters is replaced once the password is known to be right.
     */
    public SessionService.Session login(LoginRequest request) {
        String login = request.login().strip();
        Optional<User> user = login.contains("@") ? User.findByEmail(login) : User.findByUsername(login);
        String account = user.map(u -> u.id.toString()).orElse(login);
        throttle.attemptOn(account);
        boolean ok = user.isPresent()
                ? hasher.matches(request.password(), user.get().passwordHash)
                : hasher.matchesNobody(request.password());
        if (!ok) {
            throttle.failed(account);
            metrics.failed(user.isPresent());
            audit.record(AuditAction.LOGIN_FAILED, null, user.map(u -> u.id).orElse(null), null);
            throw ProblemException.unauthorized("Wrong login or password.");
        }
        throttle.succeeded(account);
        if (user.get().disabledAt != null) {
            audit.record(AuditAction.LOGIN_FAILED, null, user.get().id, "account disabled");
            throw ProblemException.forbidden("This account is disabled.");
        }
        audit.record(AuditAction.LOGIN_SUCCEEDED, user.get().id, user.get().id, null);
        metrics.succeeded();
        if (hasher.needsRehash(user.get().passwordHash)) {
            users.replacePasswordHash(user.get(), hasher.hash(request.password()));
        }
        return sessions.start(user.get());
    }
}
