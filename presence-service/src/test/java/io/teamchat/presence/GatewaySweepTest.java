package io.teamchat.presence;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.ChatStoresTestResource;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A gateway instance that dies without sending disconnects (SIGKILL): its heartbeat key expires, and its users
 * whose other sockets are gone are offline within 30 s, with one presence.changed each; a user who also has a
 * socket on a live instance stays online.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class GatewaySweepTest extends PresenceTestBase {

    private static final Duration WINDOW = Duration.ofSeconds(30);

    @Test
    void usersOfAnInstanceThatStopsHeartbeatingGoOfflineWithinTheWindow() {
        Connections live = gateway;
        // The instance about to die heartbeats with a short TTL and then stops renewing it, as a killed JVM would.
        Connections dying =
                new Connections(redis, mapper, prefix, "gw-dying-" + UUID.randomUUID(), Duration.ofSeconds(2));
        UUID onlyThere = UUID.randomUUID();
        UUID alsoElsewhere = UUID.randomUUID();
        dying.connected(onlyThere, Connections.newSocketId());
        dying.connected(onlyThere, Connections.newSocketId());
        dying.connected(alsoElsewhere, Connections.newSocketId());
        live.connected(alsoElsewhere, Connections.newSocketId());
        Probe.awaitPresence(onlyThere, p -> p.getBoolean("[0].isOnline"));
        Probe.await(() -> redis.set(String.class).scard(registry.socketsKey(alsoElsewhere)) == 2);

        // No disconnect is ever sent: only the missing heartbeat tells.
        long stoppedAt = System.nanoTime();
        JsonNode offline =
                probe.awaitPresenceChanged(onlyThere, d -> !d.path("isOnline").asBoolean());
        Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertTrue(took.compareTo(WINDOW) < 0, "offline after " + took);
        assertFalse(offline.at("/data/lastSeen").isNull(), "last seen when the instance was found dead");
        Probe.awaitPresence(onlyThere, p -> !p.getBoolean("[0].isOnline") && p.getString("[0].lastSeen") != null);

        // The sweep forgets the instance once its sockets are closed: by then every close of it was applied.
        Probe.await(() -> !redis.set(String.class).sismember(registry.gatewaysKey(), dying.id()), WINDOW);
        Probe.presenceOf(alsoElsewhere).then().body("[0].isOnline", equalTo(true));
        assertEquals(
                0,
                probe.presenceChanges(alsoElsewhere).stream()
                        .filter(e -> !e.at("/data/isOnline").asBoolean())
                        .count(),
                "a user with a socket on a live instance never went offline");
        assertEquals(
                1,
                probe.presenceChanges(onlyThere).stream()
                        .filter(e -> !e.at("/data/isOnline").asBoolean())
                        .count(),
                "one presence.changed per user, not one per socket");
    }

    @Test
    void aHeartbeatingInstanceKeepsItsUsersOnline() {
        Connections alive =
                new Connections(redis, mapper, prefix, "gw-alive-" + UUID.randomUUID(), Duration.ofSeconds(2));
        UUID user = UUID.randomUUID();
        alive.connected(user, Connections.newSocketId());
        Probe.awaitPresence(user, p -> p.getBoolean("[0].isOnline"));
        // Renewed for longer than its TTL, across many sweeps (300 ms apart in tests): a marker instance that dies
        // meanwhile is swept, which proves sweeps ran while this one stayed.
        Connections marker =
                new Connections(redis, mapper, prefix, "gw-marker-" + UUID.randomUUID(), Duration.ofSeconds(2));
        UUID markerUser = UUID.randomUUID();
        marker.connected(markerUser, Connections.newSocketId());
        Probe.awaitPresence(markerUser, p -> p.getBoolean("[0].isOnline"));
        marker.die();
        long longerThanTheTtl = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        long giveUp = System.nanoTime() + WINDOW.toNanos();
        // The renewal loop plays the live instance's heartbeat timer (every 500 ms); it asserts nothing by itself.
        while (System.nanoTime() < longerThanTheTtl
                || probe.presenceChanges(markerUser).size() < 2) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the dead marker instance was never swept");
            }
            alive.heartbeat(Duration.ofSeconds(2));
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        Probe.presenceOf(user).then().body("[0].isOnline", equalTo(true));
    }
}
