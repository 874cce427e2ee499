package io.teamchat.gateway;

import io.teamchat.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The shared architecture rules (libs/chat-test-support): no package cycles, no other service's code, resources as entry points. */
class ArchitectureTest {

    @Test
    void followsTheSharedArchitectureRules() {
        ArchitectureRules.check("io.teamchat.gateway");
    }
}
