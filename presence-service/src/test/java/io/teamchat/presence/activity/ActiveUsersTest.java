package io.teamchat.presence.activity;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Daily and monthly active users, counted in the real Redis (one HyperLogLog per day, the month as their union). */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class ActiveUsersTest {

    @Inject
    ActiveUsers activeUsers;

    @Inject
    RedisDataSource redis;

    @Test
    void theMonthIsTheUnionOfTheLast30Days() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        UUID todayAndEarlier = UUID.randomUUID();
        activeUsers.connected(List.of(todayAndEarlier));
        activeUsers.connected(List.of(UUID.randomUUID()));
        activeUsers.connected(List.of(todayAndEarlier));
        redis.execute("PFADD", activeUsers.dayKey(today.minusDays(3)), todayAndEarlier.toString(), "earlier-1");
        redis.execute("PFADD", activeUsers.dayKey(today.minusDays(ActiveUsers.MONTH_DAYS - 1)), "earlier-2");
        redis.execute("PFADD", activeUsers.dayKey(today.minusDays(ActiveUsers.MONTH_DAYS)), "too-long-ago");

        // Other tests of this run connect sockets today too, so the month is compared with today: only the two
        // users active on earlier days of the window (and not today) make the difference.
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!(activeUsers.daily() >= 2 && activeUsers.monthly() - activeUsers.daily() == 2)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "not within 15 s: daily " + activeUsers.daily() + ", monthly " + activeUsers.monthly());
            }
            activeUsers.refresh();
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
