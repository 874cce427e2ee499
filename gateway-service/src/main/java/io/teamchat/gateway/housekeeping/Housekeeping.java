package io.teamchat.gateway.housekeeping;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The gateway's one periodic timer for small clean-ups (expired cache entries, idle rate-limit windows, sockets
 * whose token expired): every {@code chat.gateway.housekeeping-interval} (1 s), each registered task in turn.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final Vertx vertx;
    private final Duration interval;
    private final List<Runnable> tasks = new CopyOnWriteArrayList<>();
    private long timerId = -1;

    public Housekeeping(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.interval = config.housekeepingInterval();
    }

    /** Registers a task run on each tick; it must be quick and non-blocking. */
    public void onTick(Runnable task) {
        tasks.add(task);
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(interval.toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void tick() {
        for (Runnable task : tasks) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("housekeeping task failed: %s", e.toString());
            }
        }
    }
}
