package io.teamchat.common.redis;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One long-lived Redis connection that pipelines every command sent on it, for the short, independent commands of a
 * hot path: each socket send's rate-limit script and membership read, and the XADD batches of an outgoing stream
 * channel (the redis-streams connector's {@code BatchingAppender} has a connection of its own).
 *
 * <p>Why not the pool: the pooled client holds a connection for each command's whole round trip, so its 16
 * connections carry at most 16 commands at a time and a burst waits in the pool's queue. At 10,000 sockets and 1,000
 * messages a second the gateway's queue (4,096) filled: joins and sends failed with 503 ("Room membership cannot be
 * checked"), and the waiting commands pushed the heap into back-to-back full collections. Here a command is written at
 * once and Redis answers the connection's commands in order, so a burst costs one write each and no waiting.
 *
 * <p>The connection is opened on first use, and again on the next command after it failed or closed; the commands in
 * flight on a lost connection fail, as they would on a pooled one. On Redis Cluster the client's connection sends each
 * command to its key's node. At most {@code quarkus.redis.max-waiting-handlers} ({@code REDIS_PIPELINE_WAITING},
 * 4,096) commands wait for their answers; more fail at once ("Redis waiting Queue is full") rather than queue without
 * bound.
 */
@ApplicationScoped
public class PipelinedRedis {

    private static final Logger LOG = Logger.getLogger(PipelinedRedis.class);

    private final Redis redis;
    /** The connection, opened or being opened (memoized); null before the first command and after a loss. */
    private Uni<RedisConnection> connection;

    public PipelinedRedis(Redis redis) {
        this.redis = redis;
    }

    /** {@code command args...}, answered like {@code ReactiveRedisDataSource.execute}. */
    public Uni<Response> execute(String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        // The connection is picked when the command is sent, not when it is built: a resubscription gets a live one.
        return Uni.createFrom().deferred(this::connection).chain(open -> open.send(request));
    }

    /**
     * The requests written at once, in order, answered in order. On Redis Cluster they must share one slot (the
     * client's batch rule): e.g. the XADDs of one stream key.
     */
    public Uni<List<Response>> batch(List<Request> requests) {
        return Uni.createFrom().deferred(this::connection).chain(open -> open.batch(requests));
    }

    private synchronized Uni<RedisConnection> connection() {
        if (connection == null) {
            AtomicReference<Uni<RedisConnection>> opening = new AtomicReference<>();
            opening.set(redis.connect()
                    .invoke(open -> {
                        open.exceptionHandler(failure -> lost(opening.get(), open, failure.toString()));
                        open.endHandler(() -> lost(opening.get(), open, "connection closed"));
                    })
                    .onFailure()
                    .invoke(failure -> lost(opening.get(), null, failure.toString()))
                    .memoize()
                    .indefinitely());
            connection = opening.get();
        }
        return connection;
    }

    /** The next command opens a new connection; this one is given back to the client, which closes a broken one. */
    private void lost(Uni<RedisConnection> which, RedisConnection open, String why) {
        synchronized (this) {
            if (connection != which) {
                return; // lost before, reported again by another handler
            }
            connection = null;
        }
        LOG.debugf("pipelined Redis connection lost (%s): the next command opens another", why);
        if (open != null) {
            open.closeAndForget();
        }
    }
}
