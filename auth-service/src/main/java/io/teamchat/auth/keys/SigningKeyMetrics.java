package io.teamchat.auth.keys;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.teamchat.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The access-token signing key does not expire by itself, so its rotation is due by age ({@code
 * chat.auth.signing-key-max-age}): the age and the moment rotation is due, for the TeamchatSigningKeyRotationDue alert
 * (docs/operations.md). The key is loaded once at start, so a rotated key shows after auth-service's restart.
 */
@Startup // registered at start: the alert has its series from the first scrape
@ApplicationScoped
public class SigningKeyMetrics {

    public SigningKeyMetrics(SigningKeys keys, AuthConfig config, MeterRegistry registry) {
        Instant since = keys.active().since();
        double dueAt = since.plus(config.signingKeyMaxAge()).getEpochSecond();
        Gauge.builder("chat.auth.signing.key.age", () -> Instant.now().getEpochSecond() - since.getEpochSecond())
                .description("Age of the access-token signing key in use")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("chat.auth.signing.key.rotation.due.timestamp", () -> dueAt)
                .description("When the signing key in use reaches chat.auth.signing-key-max-age (Unix time)")
                .baseUnit("seconds")
                .register(registry);
    }
}
