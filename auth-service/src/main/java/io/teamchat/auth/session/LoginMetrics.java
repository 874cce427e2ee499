package io.teamchat.auth.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Login outcomes for the auth dashboard and the credential-stuffing alert (docs/operations.md). The reason tag
 * has two values; it is never shown to clients, who get the same 401 for both.
 */
@Startup // registered at start: dashboards show zero, not "no data"
@ApplicationScoped
public class LoginMetrics {

    private final Counter succeeded;
    private final Counter unknownLogin;
    private final Counter wrongPassword;

    public LoginMetrics(MeterRegistry registry) {
        this.succeeded = Counter.builder("chat.auth.logins")
                .description("Successful logins")
                .register(registry);
        this.unknownLogin = failures(registry, "unknown_login");
        this.wrongPassword = failures(registry, "wrong_password");
    }

    private static Counter failures(MeterRegistry registry, String reason) {
        return Counter.builder("chat.auth.login.failures")
                .description("Refused logins, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    void succeeded() {
        succeeded.increment();
    }

    void failed(boolean userExists) {
        (userExists ? wrongPassword : unknownLogin).increment();
    }
}
