package io.teamchat.streams;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads a stream split into partitions ({@link StreamPartitions}) with one consumer group, handing the handler
 * one batch per read, in stream order, and XACKing the batch only after the handler returned.
 *
 * <p><b>One reader per partition.</b> A partition is read only by the replica holding its lease, a Redis key
 * {@code <partition>:owner} set with {@code NX PX} and renewed every {@code leaseRenew}. Replicas announce
 * themselves in the sorted set {@code <stream>:consumers}; each takes a fair share ({@code ceil(partitions /
 * live replicas)}) and releases what is beyond it, so adding a replica spreads the load. A dead replica stops
 * renewing: its leases expire after {@code leaseTtl} and the living ones take the partitions over, first
 * claiming (XAUTOCLAIM) and finishing the entries it left pending, then reading new ones. Because a partition has
 * one reader at a time and its batches run one after another, the entries of one key (a room) are handled in
 * stream order, across replicas and restarts.
 *
 * <p><b>Failures.</b> When a batch fails, its entries are retried one by one in order, so one poison entry cannot
 * hold back the others; an entry that fails {@code maxDeliveries} times on its own is moved to
 * {@code <partition>:dead-letter} and acked. Failures that say the database or network is unavailable (SQL states
 * 08, 40, 53, 57) are never counted: the batch stays pending and is retried with a back-off until they pass.
 *
 * <p>Each owned partition has its own thread doing blocking reads (XREADGROUP BLOCK), so the Redis pool needs
 * about {@code partitions + 4} connections ({@code quarkus.redis.max-pool-size}).
 */
public final class PartitionedStreamConsumer {

    private static final Logger LOG = Logger.getLogger(PartitionedStreamConsumer.class);
    private static final String PAYLOAD_FIELD = "payload";
    private static final String RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then"
            + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * One stream entry as the handler sees it; {@code payload} is the entry's {@code payload} field, {@code
     * traceparent} the writer's trace ({@link TraceContext}, null when none).
     */
    public record Entry(String stream, String id, String payload, String traceparent) {}

    /** Handles one batch; returning means done (the batch is acked), throwing means retry. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<Entry> batch) throws Exception;
    }

    /**
     * @param stream the base stream key; partition p is {@link StreamPartitions#key}(stream, p)
     * @param consumer this replica's name, unique per process
     * @param batchSize the most entries one read (and one handler call) takes
     * @param block how long a read waits for new entries
     * @param leaseTtl how long a partition stays with a replica that stopped renewing
     * @param leaseRenew how often leases are renewed and the shares rebalanced (well below {@code leaseTtl})
     */
    public record Settings(
            String stream,
            int partitions,
            String group,
            String consumer,
            int batchSize,
            Duration block,
            Duration leaseTtl,
            Duration leaseRenew,
            int maxDeliveries) {

        public Settings {
            if (partitions < 1 || batchSize < 1 || maxDeliveries < 1) {
                throw new IllegalArgumentException("partitions, batch size and max deliveries must be positive");
            }
            if (leaseRenew.compareTo(leaseTtl.dividedBy(2)) > 0) {
                throw new IllegalArgumentException("leases must be renewed at least twice per lease-ttl");
            }
        }

        /** "pid@host": unique per process, readable in XINFO CONSUMERS. */
        public static String defaultConsumerName() {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    private final RedisDataSource redis;
    private final StreamCommands<String, String, String> streams;
    private final Settings settings;
    private final BatchHandler handler;
    private final String consumersKey;
    private final Map<Integer, PartitionWorker> owned = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ScheduledExecutorService leases;
    private volatile boolean dead;

    public PartitionedStreamConsumer(RedisDataSource redis, Settings settings, BatchHandler handler) {
        this.redis = redis;
        this.streams = redis.stream(String.class, String.class, String.class);
        this.settings = settings;
        this.handler = handler;
        this.consumersKey = settings.stream() + ":consumers";
        this.leases = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("leases-" + settings.stream()).factory());
    }

    public void start() {
        leases.scheduleWithFixedDelay(
                this::balanceLeases, 0, settings.leaseRenew().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reading, lets running batches finish and hands the partitions back at once. */
    public void stop() {
        leases.shutdownNow();
        awaitQuietly(leases);
        List<PartitionWorker> workers = new ArrayList<>(owned.values());
        owned.clear();
        workers.forEach(worker -> worker.finish(true));
        workers.forEach(PartitionWorker::join);
        try {
            redis.sortedSet(String.class).zrem(consumersKey, settings.consumer());
        } catch (RuntimeException e) {
            LOG.debugf("could not leave %s: %s", consumersKey, e.getMessage());
        }
    }

    /**
     * Dies as a killed process would: stops at once, acks nothing more and keeps its leases until they expire.
     * For tests of the take-over.
     */
    void kill() {
        dead = true;
        leases.shutdownNow();
        owned.values().forEach(worker -> worker.finish(false));
        owned.clear();
    }

    /** The partitions this replica reads now. */
    public Set<Integer> ownedPartitions() {
        return new TreeSet<>(owned.keySet());
    }

    private void balanceLeases() {
        try {
            long now = System.currentTimeMillis();
            long ttl = settings.leaseTtl().toMillis();
            redis.sortedSet(String.class).zadd(consumersKey, now + ttl, settings.consumer());
            redis.sortedSet(String.class)
                    .zremrangebyscore(consumersKey, new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now));
            long live = Math.max(1, redis.sortedSet(String.class).zcard(consumersKey));
            int share = (int) ((settings.partitions() + live - 1) / live);

            for (PartitionWorker worker : new ArrayList<>(owned.values())) {
                if (eval(RENEW_SCRIPT, worker.leaseKey, Long.toString(ttl)) == 1) {
                    worker.leaseUntil = now + ttl;
                } else {
                    LOG.warnf("lost the lease of %s", worker.stream);
                    owned.remove(worker.partition);
                    worker.finish(false);
                }
            }
            // Beyond the fair share: hand the highest partitions back; their workers release once idle.
            List<Integer> mine = new ArrayList<>(new TreeSet<>(owned.keySet()).descendingSet());
            for (int i = 0; i < mine.size() - share; i++) {
                PartitionWorker worker = owned.remove(mine.get(i));
                worker.finish(true);
            }
            // Below it: take free partitions, starting at a place of our own so replicas rarely collide.
            int start = Math.floorMod(settings.consumer().hashCode(), settings.partitions());
            for (int i = 0; i < settings.partitions() && owned.size() < share; i++) {
                int partition = (start + i) % settings.partitions();
                if (owned.containsKey(partition)) {
                    continue;
                }
                String leaseKey = leaseKey(partition);
                Response set = redis.execute("SET", leaseKey, settings.consumer(), "NX", "PX", Long.toString(ttl));
                if (set != null && "OK".equals(set.toString())) {
                    PartitionWorker worker = new PartitionWorker(partition, now + ttl);
                    owned.put(partition, worker);
                    worker.start();
                }
            }
        } catch (RuntimeException e) {
            // Redis unreachable: the workers stop on their own when their leases run out unrenewed.
            LOG.warnf("could not renew the leases of %s: %s", settings.stream(), e.getMessage());
        }
    }

    private String leaseKey(int partition) {
        return StreamPartitions.key(settings.stream(), partition) + ":owner";
    }

    private long eval(String script, String key, String... args) {
        List<String> command = new ArrayList<>(List.of(script, "1", key, settings.consumer()));
        command.addAll(List.of(args));
        Response response = redis.execute("EVAL", command.toArray(String[]::new));
        return response == null ? 0 : response.toLong();
    }

    /** Reads one partition while this replica holds its lease. */
    private final class PartitionWorker {
        final int partition;
        final String stream;
        final String leaseKey;
        volatile long leaseUntil;
        private volatile boolean running = true;
        private volatile boolean releaseWhenDone;
        private boolean pendingMayExist = true;
        private int consecutiveFailures;
        private final Thread thread;

        PartitionWorker(int partition, long leaseUntil) {
            this.partition = partition;
            this.stream = StreamPartitions.key(settings.stream(), partition);
            this.leaseKey = leaseKey(partition);
            this.leaseUntil = leaseUntil;
            this.thread = Thread.ofPlatform().daemon().name("read-" + stream).unstarted(this::run);
        }

        void start() {
            thread.start();
        }

        void finish(boolean release) {
            releaseWhenDone = release;
            running = false;
        }

        void join() {
            try {
                thread.join(settings.block().plusSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The lease is ours for a while yet: a margin of one renew interval covers a slow batch. */
        boolean holdsLease() {
            return !dead
                    && System.currentTimeMillis()
                            < leaseUntil - settings.leaseRenew().toMillis();
        }

        private void run() {
            LOG.infof("%s reads %s", settings.consumer(), stream);
            boolean prepared = false;
            while (running && holdsLease()) {
                try {
                    if (!prepared) {
                        createGroup();
                        takeOverPending();
                        prepared = true;
                    }
                    List<StreamMessage<String, String, String>> batch = pendingMayExist ? readOwnPending() : List.of();
                    if (batch.isEmpty()) {
                        pendingMayExist = false;
                        batch = readNew();
                    }
                    if (!batch.isEmpty()) {
                        process(batch);
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warnf("reading %s failed: %s", stream, e.getMessage());
                        pendingMayExist = true;
                        backOff();
                    }
                }
            }
            owned.remove(partition, this);
            // Released when asked to, and when it stopped on its own (lease running out while Redis was away), so
            // the partition can be taken again at once; a lost lease is not ours to release.
            if (!dead && (releaseWhenDone || running)) {
                try {
                    eval(RELEASE_SCRIPT, leaseKey);
                } catch (RuntimeException e) {
                    LOG.debugf("could not release %s (it expires anyway): %s", leaseKey, e.getMessage());
                }
            }
            LOG.infof("%s stopped reading %s", settings.consumer(), stream);
        }

        private void createGroup() {
            try {
                streams.xgroupCreate(stream, settings.group(), "0", new XGroupCreateArgs().mkstream());
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                    throw e;
                }
            }
        }

        /** Entries a previous owner read but never acked become ours, so they are finished before new ones. */
        private void takeOverPending() {
            String cursor = "0-0";
            do {
                ClaimedMessages<String, String, String> claimed = streams.xautoclaim(
                        stream, settings.group(), settings.consumer(), Duration.ZERO, cursor, settings.batchSize());
                cursor = claimed.getId();
                if (!claimed.getMessages().isEmpty()) {
                    LOG.infof(
                            "took over %d pending entries of %s",
                            claimed.getMessages().size(), stream);
                }
            } while (running && !"0-0".equals(cursor));
        }

        private List<StreamMessage<String, String, String>> readOwnPending() {
            return streams.xreadgroup(
                    settings.group(),
                    settings.consumer(),
                    stream,
                    "0",
                    new XReadGroupArgs().count(settings.batchSize()));
        }

        private List<StreamMessage<String, String, String>> readNew() {
            return streams.xreadgroup(
                    settings.group(),
                    settings.consumer(),
                    stream,
                    ">",
                    new XReadGroupArgs().count(settings.batchSize()).block(settings.block()));
        }

        private void process(List<StreamMessage<String, String, String>> read) {
            List<Entry> batch = new ArrayList<>(read.size());
            List<String> trimmed = new ArrayList<>();
            for (StreamMessage<String, String, String> message : read) {
                String payload =
                        message.payload() == null ? null : message.payload().get(PAYLOAD_FIELD);
                if (payload == null) {
                    trimmed.add(message.id()); // deleted by MAXLEN while pending: nothing left to do
                } else {
                    batch.add(new Entry(
                            stream, message.id(), payload, message.payload().get(TraceContext.FIELD)));
                }
            }
            if (!trimmed.isEmpty()) {
                ack(trimmed);
            }
            if (batch.isEmpty() || !holdsLease()) {
                return;
            }
            try {
                handler.handle(batch);
                ack(batch.stream().map(Entry::id).toList());
                batch.forEach(entry -> failures.remove(entry.id()));
                consecutiveFailures = 0;
            } catch (Exception e) {
                if (isUnavailable(e)) {
                    waitForRecovery(e);
                } else if (batch.size() == 1) {
                    failedAlone(batch.get(0), e);
                } else {
                    LOG.warnf(
                            "a batch of %d from %s failed (%s); retrying its entries one by one",
                            batch.size(), stream, e);
                    oneByOne(batch);
                }
            }
        }

        /** Isolates a poison entry: the others still run, in order; it stops the partition until it is parked. */
        private void oneByOne(List<Entry> batch) {
            for (Entry entry : batch) {
                if (!holdsLease()) {
                    return;
                }
                try {
                    handler.handle(List.of(entry));
                    ack(List.of(entry.id()));
                    failures.remove(entry.id());
                } catch (Exception e) {
                    if (isUnavailable(e)) {
                        waitForRecovery(e);
                        return;
                    }
                    if (!failedAlone(entry, e)) {
                        return;
                    }
                }
            }
        }

        /** True when the entry was parked as dead letter (and acked), false when it stays pending for a retry. */
        private boolean failedAlone(Entry entry, Exception e) {
            int failed = failures.merge(entry.id(), 1, Integer::sum);
            if (failed < settings.maxDeliveries()) {
                LOG.warnf(
                        "entry %s of %s failed (%d of %d tries): %s",
                        entry.id(), stream, failed, settings.maxDeliveries(), e);
                pendingMayExist = true;
                backOff();
                return false;
            }
            String deadLetters = stream + StreamReader.DEAD_LETTER_SUFFIX;
            LOG.errorf("entry %s of %s failed %d times, moved to %s: %s", entry.id(), stream, failed, deadLetters, e);
            Map<String, String> fields = new HashMap<>();
            fields.put(PAYLOAD_FIELD, entry.payload());
            if (entry.traceparent() != null) {
                fields.put(TraceContext.FIELD, entry.traceparent());
            }
            fields.put("entryId", entry.id());
            fields.put("reason", String.valueOf(e.getMessage()));
            streams.xadd(deadLetters, fields);
            ack(List.of(entry.id()));
            failures.remove(entry.id());
            return true;
        }

        private void waitForRecovery(Exception e) {
            LOG.warnf("%s waits for the database or network to come back: %s", stream, e.getMessage());
            pendingMayExist = true;
            backOff();
        }

        private void ack(List<String> ids) {
            if (!dead) {
                streams.xack(stream, settings.group(), ids.toArray(String[]::new));
            }
        }

        private void backOff() {
            consecutiveFailures = Math.min(consecutiveFailures + 1, 6);
            long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << consecutiveFailures);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** A failure of the surroundings, not of the entry: retrying the same entries later will work. */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("40")
                        || state.startsWith("53")
                        || state.startsWith("57")) {
                    return true;
                }
            }
            if (cause instanceof java.net.ConnectException
                    || cause instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static void awaitQuietly(ScheduledExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
