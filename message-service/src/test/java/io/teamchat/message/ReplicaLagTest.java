package io.teamchat.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.teamchat.membership.MembershipCache;
import io.teamchat.message.MessageTestSupport.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import io.teamchat.testing.PostgresReplica;
import io.teamchat.testing.PostgresReplicaTestResource;
import io.teamchat.testing.TestRooms;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lag bound (chat.replica.max-lag, here 1 s): a replica further behind is skipped for everyone. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@WithTestResource(PostgresReplicaTestResource.class)
@ExtendWith(PostgresReplicaTestResource.ServerBinaries.class)
@TestProfile(ReplicaLagTest.OneSecondBound.class)
class ReplicaLagTest {

    public static class OneSecondBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.replica.max-lag", "1s");
        }
    }

    PostgresReplica replica;

    @Inject
    MembershipCache membership;

    @Inject
    MeterRegistry meters;

    @AfterEach
    void replicaReplays() {
        replica.resumeReplay();
    }

    @Test
    void aReplicaLaggingBeyondTheBoundIsSkipped() {
        TestUser sender = TestUser.create();
        TestUser reader = TestUser.create();
        UUID room = new TestRooms(membership).publicRoom(sender.id(), reader.id());
        String before = ReplicaReadsTest.send(sender, room, "before the pause");
        replica.awaitCaughtUp();
        replica.pauseReplay();
        String during = ReplicaReadsTest.send(sender, room, "while replay is paused");
        double lagging = ReplicaReadsTest.reads(meters, "primary_lag");

        // The reader's reads run on the replica (without the message) until its lag passes 1 s, then on the primary.
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> page = ReplicaReadsTest.history(reader, room, null);
        while (!page.contains(during)) {
            assertEquals(List.of(before), page, "the replica's answer");
            assertTrue(System.nanoTime() < deadline, "skipped once over the bound, within 10 s");
            page = ReplicaReadsTest.history(reader, room, null);
        }
        assertEquals(List.of(during, before), page);
        assertTrue(ReplicaReadsTest.reads(meters, "primary_lag") > lagging, "counted as a lag fallback");
    }
}
