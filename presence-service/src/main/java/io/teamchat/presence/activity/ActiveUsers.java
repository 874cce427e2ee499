package io.teamchat.presence.activity;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.presence.config.StreamsConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Daily and monthly active users (the plan's engagement KPIs): a user is active on a UTC day when a socket of
 * theirs connected that day. One Redis HyperLogLog per day ({@code <prefix>activity:users:{days}:<date>}, 12 KB at
 * most, about 0.8 % error) shared by all replicas; the month is the union of the last 30 days (one PFCOUNT of 30
 * keys: the hash tag {@code {days}} keeps them in one Redis Cluster slot). The gauges are
 * refreshed every 10 s with non-blocking PFCOUNTs, so a scrape never waits on Redis.
 */
@ApplicationScoped
public class ActiveUsers {

    private static final Logger LOG = Logger.getLogger(ActiveUsers.class);
    static final int MONTH_DAYS = 30;
    private static final Duration KEEP = Duration.ofDays(MONTH_DAYS + 2);
    private static final Duration REFRESH = Duration.ofSeconds(10);

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactiveRedis;
    private final Vertx vertx;
    private final String prefix;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong daily = new AtomicLong();
    private final AtomicLong monthly = new AtomicLong();
    private long timerId = -1;

    public ActiveUsers(
            RedisDataSource redis,
            ReactiveRedisDataSource reactiveRedis,
            Vertx vertx,
            StreamsConfig streams,
            MeterRegistry registry) {
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.vertx = vertx;
        this.prefix = streams.prefix();
        Gauge.builder("chat.active.users", daily, AtomicLong::get)
                .description("Distinct users with a socket connected today (UTC)")
                .tag("window", "day")
                .register(registry);
        Gauge.builder("chat.active.users", monthly, AtomicLong::get)
                .description("Distinct users with a socket connected in the last 30 days")
                .tag("window", "month")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(0, REFRESH.toMillis(), id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Counts the users as active today; the connections consumer calls it once per batch of socket.connected. */
    public void connected(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        String key = dayKey(LocalDate.now(clock));
        List<String> args = new ArrayList<>(userIds.size() + 1);
        args.add(key);
        userIds.forEach(userId -> args.add(userId.toString()));
        redis.execute("PFADD", args.toArray(String[]::new));
        redis.execute("EXPIRE", key, Long.toString(KEEP.toSeconds()));
    }

    /** Counts again (the timer calls it every 10 s); the gauges follow when Redis answers. */
    void refresh() {
        LocalDate today = LocalDate.now(clock);
        String[] month = IntStream.range(0, MONTH_DAYS)
                .mapToObj(days -> dayKey(today.minusDays(days)))
                .toArray(String[]::new);
        reactiveRedis
                .execute("PFCOUNT", dayKey(today))
                .subscribe()
                .with(count -> daily.set(count.toLong()), ActiveUsers::refreshFailed);
        reactiveRedis
                .execute("PFCOUNT", month)
                .subscribe()
                .with(count -> monthly.set(count.toLong()), ActiveUsers::refreshFailed);
    }

    long daily() {
        return daily.get();
    }

    long monthly() {
        return monthly.get();
    }

    private static void refreshFailed(Throwable failure) {
        LOG.debugf("active user counts not refreshed: %s", failure.getMessage());
    }

    String dayKey(LocalDate day) {
        return prefix + "activity:users:{days}:" + day;
    }
}
