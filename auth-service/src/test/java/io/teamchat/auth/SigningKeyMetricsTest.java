package io.teamchat.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signing key's age and when its rotation is due (key creation + chat.auth.signing-key-max-age, 90 days). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class SigningKeyMetricsTest {

    @Inject
    MeterRegistry registry;

    @Test
    void theGeneratedKeyIsYoungAndDueForRotationNinetyDaysAfterItWasMade() {
        double age = registry.get("chat.auth.signing.key.age").gauge().value();
        double due = registry.get("chat.auth.signing.key.rotation.due.timestamp")
                .gauge()
                .value();
        // this run's fresh database made the key at start
        assertTrue(age >= 0 && age < Duration.ofHours(1).toSeconds(), "age " + age);
        double made = Instant.now().getEpochSecond() - age;
        assertEquals(made + Duration.ofDays(90).toSeconds(), due, 5.0, "due = made + max age");
    }
}
