package io.teamchat.streams;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Reads a stream split into partitions ({@link StreamPartitions}) with one consumer group, handing the handler
 * one batch per read that spans every partition this replica owns, and XACKing the batch only after the handler
 * returned.
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
 * <p><b>One read loop per replica.</b> A thread per partition saw a few commands per read under load, so every
 * message paid a whole transaction. Instead one thread reads all owned partitions at once and hands their
 * entries to the handler as one batch (each partition's entries in stream order, partition after partition), so
 * the batches grow with the load. On one Redis that is one {@code XREADGROUP ... BLOCK t STREAMS p1 .. pk > .. >}
 * (one connection, held while it blocks). On Redis Cluster the partitions hash to different slots and a
 * multi-key read is refused (CROSSSLOT), so each partition gets its own non-blocking XREADGROUP, all pipelined
 * over one cluster connection; when every partition is empty the loop waits 1 ms, doubling up to 16 ms while
 * they stay empty (an idle replica sends a few hundred cheap reads a second; a message waits at most ~16 ms).
 * Each read takes at most {@code ceil(batchSize / owned partitions)} entries of a partition, so a batch holds
 * about {@code batchSize} entries at most. The XACKs of a batch (one per partition) go out pipelined ahead of the
 * next read, over the same connection: Redis runs them first, so that read (even of pending entries) never sees
 * the batch again, and a batch costs one round trip less. An XACK that fails leaves its entries pending: the
 * next read of their partition hands them over again, and the handler's idempotency makes that safe.
 *
 * <p><b>Failures.</b> When a batch fails, each partition's share is retried on its own, and the share that still
 * fails is retried entry by entry in order, so one poison entry cannot hold back the others; an entry that fails
 * {@code maxDeliveries} times on its own is moved to {@code <partition>:dead-letter} and acked. Until then its
 * partition waits (a back-off of its own) while the other partitions go on. Failures that say the database or
 * network is unavailable (SQL states 08, 40, 53, 57) are never counted: the batch stays pending and is retried
 * with a back-off until they pass.
 */
public final class PartitionedStreamConsumer {

    private static final Logger LOG = Logger.getLogger(PartitionedStreamConsumer.class);
    private static final String PAYLOAD_FIELD = "payload";
    private static final String RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then"
            + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);
    private static final long IDLE_POLL_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_POLL_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(16);

    /**
     * One stream entry as the handler sees it; {@code stream} is its partition's key, {@code payload} the entry's
     * {@code payload} field, {@code traceparent} the writer's trace ({@link TraceContext}, null when none).
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
     * @param batchSize the most entries one read (and one handler call) takes, all partitions together
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

        /** The settings {@code config} names, for consumer group {@code group}, under this process' own name. */
        public static Settings of(PartitionedStreamConfig config, String group) {
            return new Settings(
                    config.stream(),
                    config.partitions(),
                    group,
                    defaultConsumerName(),
                    config.batchSize(),
                    config.block(),
                    config.leaseTtl(),
                    config.leaseRenew(),
                    config.maxDeliveries());
        }

        /** "pid@host": unique per process, readable in XINFO CONSUMERS. */
        public static String defaultConsumerName() {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final StreamCommands<String, String, String> streams;
    private final boolean cluster;
    private final Settings settings;
    private final BatchHandler handler;
    private final String consumersKey;
    /** The partitions whose leases this replica holds, by number; replaced whole by the lease thread. */
    private volatile Map<Integer, Partition> owned = Map.of();
    /** Partitions handed back (beyond the fair share): the read loop releases their leases between batches. */
    private final ConcurrentLinkedQueue<Partition> handedBack = new ConcurrentLinkedQueue<>();
    /** Failed tries per entry id; read loop only. */
    /**
     * Failed tries alone per entry, keyed by stream and id ({@link #failureKey}): entry ids are only unique within a
     * stream, and two partitions often hold the same id (appended in the same millisecond).
     */
    private final Map<String, Integer> failures = new HashMap<>();

    private final ScheduledExecutorService leases;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile boolean dead;
    private int consecutiveFailures;
    /** Entries handled but not acked yet: their XACKs go out with the next read (reader thread only). */
    private final Map<Partition, List<String>> unacked = new LinkedHashMap<>();

    private long idlePollNanos = IDLE_POLL_MIN_NANOS;

    /**
     * On Redis Cluster ({@code quarkus.redis.client-type=cluster}) the partitions are read with pipelined
     * single-key reads, else with one multi-key blocking read.
     */
    public PartitionedStreamConsumer(RedisDataSource redis, Settings settings, BatchHandler handler) {
        this.redis = redis;
        this.reactive = redis.getReactive();
        this.streams = redis.stream(String.class, String.class, String.class);
        this.cluster = "cluster"
                .equalsIgnoreCase(ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.redis.client-type", String.class)
                        .orElse("standalone"));
        this.settings = settings;
        this.handler = handler;
        this.consumersKey = settings.stream() + ":consumers";
        this.leases = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("leases-" + settings.stream()).factory());
        this.reader =
                Thread.ofPlatform().daemon().name("read-" + settings.stream()).unstarted(this::run);
    }

    public void start() {
        reader.start();
        leases.scheduleWithFixedDelay(
                this::balanceLeases, 0, settings.leaseRenew().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reading, lets the running batch finish and hands the partitions back at once. */
    public void stop() {
        leases.shutdownNow();
        awaitQuietly(leases);
        running = false;
        LockSupport.unpark(reader);
        try {
            reader.join(settings.block().plusSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        running = false;
        leases.shutdownNow();
        owned = Map.of();
        LockSupport.unpark(reader);
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

            TreeMap<Integer, Partition> next = new TreeMap<>(owned);
            for (Partition partition : new ArrayList<>(next.values())) {
                if (eval(RENEW_SCRIPT, partition.leaseKey, Long.toString(ttl)) == 1) {
                    partition.leaseUntil = now + ttl;
                } else {
                    LOG.warnf("lost the lease of %s", partition.stream);
                    partition.leaseUntil = 0; // a read under way must not hand its entries over any more
                    next.remove(partition.index);
                }
            }
            // Beyond the fair share: hand the highest partitions back; the read loop releases them between batches.
            while (next.size() > share) {
                handedBack.add(next.pollLastEntry().getValue());
            }
            // Below it: take free partitions, starting at a place of our own so replicas rarely collide.
            int start = Math.floorMod(settings.consumer().hashCode(), settings.partitions());
            for (int i = 0; i < settings.partitions() && next.size() < share; i++) {
                int index = (start + i) % settings.partitions();
                if (next.containsKey(index) || dead) {
                    continue;
                }
                Partition partition = new Partition(index, now + ttl);
                Response set =
                        redis.execute("SET", partition.leaseKey, settings.consumer(), "NX", "PX", Long.toString(ttl));
                if (set != null && "OK".equals(set.toString())) {
                    LOG.infof("%s reads %s", settings.consumer(), partition.stream);
                    next.put(index, partition);
                }
            }
            if (!dead && !next.equals(owned)) {
                owned = Map.copyOf(next); // all at once: the loop's next read covers every new partition
                LockSupport.unpark(reader);
            }
        } catch (RuntimeException e) {
            // Redis unreachable: the loop stops reading partitions whose leases ran out unrenewed.
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

    /** One owned partition, as the read loop sees it. */
    private final class Partition {
        final int index;
        final String stream;
        final String leaseKey;
        volatile long leaseUntil;
        // read loop only:
        boolean prepared;
        boolean pendingMayExist = true;
        long retryAt;
        int consecutiveFailures;

        Partition(int index, long leaseUntil) {
            this.index = index;
            this.stream = StreamPartitions.key(settings.stream(), index);
            this.leaseKey = leaseKey(index);
            this.leaseUntil = leaseUntil;
        }

        /** The lease is ours for a while yet: a margin of one renew interval covers a slow batch. */
        boolean holdsLease() {
            return !dead
                    && System.currentTimeMillis()
                            < leaseUntil - settings.leaseRenew().toMillis();
        }
    }

    private void run() {
        while (running) {
            try {
                releaseHandedBack();
                List<Partition> readable = new ArrayList<>();
                for (Partition partition : new TreeMap<>(owned).values()) {
                    if (partition.holdsLease()) {
                        readable.add(partition);
                    }
                }
                if (readable.isEmpty()) {
                    ackNow();
                    LockSupport.parkNanos(settings.leaseRenew().toNanos());
                    continue;
                }
                for (Partition partition : readable) {
                    if (!partition.prepared) {
                        prepare(partition);
                    }
                }
                long now = System.currentTimeMillis();
                List<Partition> due = new ArrayList<>();
                long nextRetry = Long.MAX_VALUE;
                for (Partition partition : readable) {
                    if (partition.retryAt <= now) {
                        due.add(partition);
                    } else {
                        nextRetry = Math.min(nextRetry, partition.retryAt);
                    }
                }
                if (due.isEmpty()) {
                    ackNow();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                            Math.min(nextRetry - now, settings.block().toMillis())));
                    continue;
                }
                Map<Partition, List<StreamMessage<String, String, String>>> read = read(due, nextRetry - now);
                if (running) {
                    process(read);
                }
            } catch (RuntimeException e) {
                unacked.clear(); // still pending: read again (below) and handled again
                if (running) {
                    LOG.warnf("reading %s failed: %s", settings.stream(), e.getMessage());
                    boolean noGroup = String.valueOf(e.getMessage()).contains("NOGROUP");
                    owned.values().forEach(partition -> {
                        partition.pendingMayExist = true;
                        partition.prepared &= !noGroup;
                    });
                    backOff();
                }
            }
        }
        if (!dead) {
            try {
                ackNow();
            } catch (RuntimeException e) {
                LOG.debugf("could not ack the last batch (it is handled again by the next owner): %s", e.getMessage());
            }
            // Stopped: hand everything back at once, so the partitions can be taken again without waiting.
            handedBack.addAll(owned.values());
            owned = Map.of();
            releaseHandedBack();
        }
        LOG.infof("%s stopped reading %s", settings.consumer(), settings.stream());
    }

    /** Releases the leases of partitions handed back; between batches, so none of theirs is in flight. */
    private void releaseHandedBack() {
        if (!handedBack.isEmpty()) {
            ackNow(); // the next owner must not handle these again
        }
        Partition partition;
        while ((partition = handedBack.poll()) != null) {
            try {
                eval(RELEASE_SCRIPT, partition.leaseKey);
                LOG.infof("%s handed %s back", settings.consumer(), partition.stream);
            } catch (RuntimeException e) {
                LOG.debugf("could not release %s (it expires anyway): %s", partition.leaseKey, e.getMessage());
            }
        }
    }

    private void prepare(Partition partition) {
        try {
            streams.xgroupCreate(partition.stream, settings.group(), "0", new XGroupCreateArgs().mkstream());
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
        takeOverPending(partition);
        partition.prepared = true;
        partition.pendingMayExist = true;
    }

    /** Entries a previous owner read but never acked become ours, so they are finished before new ones. */
    private void takeOverPending(Partition partition) {
        String cursor = "0-0";
        do {
            ClaimedMessages<String, String, String> claimed = streams.xautoclaim(
                    partition.stream,
                    settings.group(),
                    settings.consumer(),
                    Duration.ZERO,
                    cursor,
                    settings.batchSize());
            cursor = claimed.getId();
            if (!claimed.getMessages().isEmpty()) {
                LOG.infof(
                        "took over %d pending entries of %s",
                        claimed.getMessages().size(), partition.stream);
            }
        } while (running && !"0-0".equals(cursor));
    }

    /**
     * One read of every due partition: its own pending entries ("0") while it may have some, else new ones (">").
     * Blocks (at most until the next partition's retry) only when no partition reads pending entries.
     */
    private Map<Partition, List<StreamMessage<String, String, String>>> read(List<Partition> due, long untilRetryMs) {
        int count = Math.max(1, (settings.batchSize() + due.size() - 1) / due.size());
        boolean history = due.stream().anyMatch(partition -> partition.pendingMayExist);
        Map<Partition, List<StreamMessage<String, String, String>>> read = new LinkedHashMap<>();
        if (cluster) {
            readEach(due, count, read);
            if (!history && read.values().stream().allMatch(List::isEmpty)) {
                LockSupport.parkNanos(Math.min(idlePollNanos, TimeUnit.MILLISECONDS.toNanos(untilRetryMs)));
                idlePollNanos = Math.min(idlePollNanos * 2, IDLE_POLL_MAX_NANOS);
            } else {
                idlePollNanos = IDLE_POLL_MIN_NANOS;
            }
        } else {
            Map<String, String> ids = new LinkedHashMap<>();
            Map<String, Partition> byStream = new HashMap<>();
            for (Partition partition : due) {
                ids.put(partition.stream, partition.pendingMayExist ? "0" : ">");
                byStream.put(partition.stream, partition);
                read.put(partition, new ArrayList<>());
            }
            XReadGroupArgs args = new XReadGroupArgs().count(count);
            Duration block = Duration.ZERO;
            if (!history) {
                block = Duration.ofMillis(Math.max(1, Math.min(settings.block().toMillis(), untilRetryMs)));
                args.block(block);
            }
            for (StreamMessage<String, String, String> message : ackAndRead(ids, args, block)) {
                read.get(byStream.get(message.key())).add(message);
            }
        }
        for (Map.Entry<Partition, List<StreamMessage<String, String, String>>> partitionRead : read.entrySet()) {
            if (partitionRead.getValue().isEmpty()) {
                partitionRead.getKey().pendingMayExist = false; // its pending entries are done: new ones next
            }
        }
        return read;
    }

    /** The unacked XACKs and then one multi-key XREADGROUP, pipelined over one connection (held while it blocks). */
    private List<StreamMessage<String, String, String>> ackAndRead(
            Map<String, String> ids, XReadGroupArgs args, Duration block) {
        if (unacked.isEmpty()) {
            return streams.xreadgroup(settings.group(), settings.consumer(), ids, args);
        }
        List<StreamMessage<String, String, String>> result = new ArrayList<>();
        reactive.withConnection(connection -> {
                    var commands = connection.stream(String.class, String.class, String.class);
                    Uni<Void> acks = xacks(commands, unacked);
                    Uni<Void> read = commands.xreadgroup(settings.group(), settings.consumer(), ids, args)
                            .invoke(result::addAll)
                            .replaceWithVoid();
                    return Uni.combine().all().unis(acks, read).discardItems();
                })
                .await()
                .atMost(block.plus(REDIS_TIMEOUT));
        unacked.clear();
        return result;
    }

    /** One XACK per partition, all sent on subscription (in order, ahead of what follows them on the connection). */
    private Uni<Void> xacks(ReactiveStreamCommands<String, String, String> commands, Map<Partition, List<String>> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Integer>> acks = new ArrayList<>(ids.size());
        ids.forEach((partition, done) ->
                acks.add(commands.xack(partition.stream, settings.group(), done.toArray(String[]::new))));
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    /** Redis Cluster: one non-blocking XREADGROUP per partition, all pipelined over one cluster connection. */
    private void readEach(
            List<Partition> due, int count, Map<Partition, List<StreamMessage<String, String, String>>> read) {
        List<List<StreamMessage<String, String, String>>> results = new ArrayList<>();
        reactive.withConnection(connection -> {
                    var commands = connection.stream(String.class, String.class, String.class);
                    // Each XACK goes to its partition's node ahead of that partition's read.
                    Uni<Void> acks = xacks(commands, unacked);
                    List<Uni<List<StreamMessage<String, String, String>>>> reads = new ArrayList<>();
                    for (Partition partition : due) {
                        reads.add(commands.xreadgroup(
                                settings.group(),
                                settings.consumer(),
                                partition.stream,
                                partition.pendingMayExist ? "0" : ">",
                                new XReadGroupArgs().count(count)));
                    }
                    Uni<Void> allReads = Uni.join()
                            .all(reads)
                            .andFailFast()
                            .invoke(results::addAll)
                            .replaceWithVoid();
                    return Uni.combine().all().unis(acks, allReads).discardItems();
                })
                .await()
                .atMost(REDIS_TIMEOUT);
        unacked.clear();
        for (int i = 0; i < due.size(); i++) {
            read.put(due.get(i), new ArrayList<>(results.get(i)));
        }
    }

    private void process(Map<Partition, List<StreamMessage<String, String, String>>> read) {
        Map<Partition, List<Entry>> batch = new LinkedHashMap<>();
        Map<Partition, List<String>> trimmed = new LinkedHashMap<>();
        for (Map.Entry<Partition, List<StreamMessage<String, String, String>>> partitionRead : read.entrySet()) {
            Partition partition = partitionRead.getKey();
            if (partitionRead.getValue().isEmpty()) {
                continue;
            }
            if (!partition.holdsLease()) {
                partition.pendingMayExist = true; // left pending: for the next owner, or for us once renewed
                continue;
            }
            for (StreamMessage<String, String, String> message : partitionRead.getValue()) {
                String payload =
                        message.payload() == null ? null : message.payload().get(PAYLOAD_FIELD);
                if (payload == null) {
                    // deleted by MAXLEN while pending: nothing left to do
                    trimmed.computeIfAbsent(partition, p -> new ArrayList<>()).add(message.id());
                } else {
                    batch.computeIfAbsent(partition, p -> new ArrayList<>())
                            .add(new Entry(
                                    partition.stream,
                                    message.id(),
                                    payload,
                                    message.payload().get(TraceContext.FIELD)));
                }
            }
        }
        if (!trimmed.isEmpty()) {
            ack(trimmed);
        }
        if (!batch.isEmpty()) {
            handle(batch);
        }
    }

    /**
     * Handles the partitions' entries as one batch; when it fails, each partition's share alone, then entry by
     * entry. False when the database or network is away (the loop backs off; everything stays pending).
     */
    private boolean handle(Map<Partition, List<Entry>> batch) {
        List<Entry> entries = new ArrayList<>();
        batch.values().forEach(entries::addAll);
        try {
            handler.handle(entries);
        } catch (Exception e) {
            if (isUnavailable(e)) {
                waitForRecovery(batch.keySet(), e);
                return false;
            }
            if (batch.size() > 1) {
                LOG.warnf(
                        "a batch of %d from %d partitions failed (%s); retrying each partition's share alone",
                        entries.size(), batch.size(), e);
                for (Map.Entry<Partition, List<Entry>> share : batch.entrySet()) {
                    if (!share.getKey().holdsLease()) {
                        share.getKey().pendingMayExist = true;
                        continue;
                    }
                    if (!handle(Map.of(share.getKey(), share.getValue()))) {
                        return false;
                    }
                }
                return true;
            }
            Partition partition = batch.keySet().iterator().next();
            if (entries.size() == 1) {
                failedAlone(partition, entries.get(0), e);
                return true;
            }
            LOG.warnf(
                    "a batch of %d from %s failed (%s); retrying its entries one by one",
                    entries.size(), partition.stream, e);
            return oneByOne(partition, entries);
        }
        batch.forEach((partition, done) -> {
            List<String> ids = unacked.computeIfAbsent(partition, p -> new ArrayList<>());
            done.forEach(entry -> ids.add(entry.id()));
            partition.consecutiveFailures = 0;
        });
        entries.forEach(entry -> failures.remove(failureKey(entry)));
        consecutiveFailures = 0;
        return true;
    }

    /** Isolates a poison entry: the others still run, in order; it stops its partition until it is parked. */
    private boolean oneByOne(Partition partition, List<Entry> entries) {
        for (Entry entry : entries) {
            if (!partition.holdsLease()) {
                partition.pendingMayExist = true;
                return true;
            }
            try {
                handler.handle(List.of(entry));
            } catch (Exception e) {
                if (isUnavailable(e)) {
                    waitForRecovery(Set.of(partition), e);
                    return false;
                }
                if (!failedAlone(partition, entry, e)) {
                    return true; // the rest of the partition waits behind it
                }
                continue;
            }
            ack(Map.of(partition, List.of(entry.id())));
            failures.remove(failureKey(entry));
        }
        return true;
    }

    /**
     * True when the entry was parked as dead letter (and acked), false when it stays pending: its partition is
     * read again (pending entries first) after a back-off of its own.
     */
    private boolean failedAlone(Partition partition, Entry entry, Exception e) {
        int failed = failures.merge(failureKey(entry), 1, Integer::sum);
        if (failed < settings.maxDeliveries()) {
            LOG.warnf(
                    "entry %s of %s failed (%d of %d tries): %s",
                    entry.id(), partition.stream, failed, settings.maxDeliveries(), e);
            partition.pendingMayExist = true;
            partition.consecutiveFailures = Math.min(partition.consecutiveFailures + 1, 6);
            partition.retryAt = System.currentTimeMillis() + backOffMillis(partition.consecutiveFailures);
            return false;
        }
        String deadLetters = partition.stream + StreamReader.DEAD_LETTER_SUFFIX;
        LOG.errorf(
                "entry %s of %s failed %d times, moved to %s: %s",
                entry.id(), partition.stream, failed, deadLetters, e);
        Map<String, String> fields = new HashMap<>();
        fields.put(PAYLOAD_FIELD, entry.payload());
        if (entry.traceparent() != null) {
            fields.put(TraceContext.FIELD, entry.traceparent());
        }
        fields.put("entryId", entry.id());
        fields.put("reason", String.valueOf(e.getMessage()));
        streams.xadd(deadLetters, fields);
        ack(Map.of(partition, List.of(entry.id())));
        failures.remove(failureKey(entry));
        return true;
    }

    private void waitForRecovery(Set<Partition> partitions, Exception e) {
        LOG.warnf("%s waits for the database or network to come back: %s", settings.stream(), e.getMessage());
        partitions.forEach(partition -> partition.pendingMayExist = true);
        backOff();
    }

    private static String failureKey(Entry entry) {
        return entry.stream() + ' ' + entry.id();
    }

    /** The unacked entries' XACKs now, when no read follows at once (before parking, releasing or stopping). */
    private void ackNow() {
        if (unacked.isEmpty()) {
            return;
        }
        Map<Partition, List<String>> ids = new LinkedHashMap<>(unacked);
        unacked.clear();
        ack(ids);
    }

    /** XACK per partition: one command for one partition, else pipelined over one connection (per node). */
    private void ack(Map<Partition, List<String>> ids) {
        if (dead) {
            return;
        }
        if (ids.size() == 1) {
            Map.Entry<Partition, List<String>> only = ids.entrySet().iterator().next();
            streams.xack(only.getKey().stream, settings.group(), only.getValue().toArray(String[]::new));
            return;
        }
        reactive.withConnection(connection -> {
                    var commands = connection.stream(String.class, String.class, String.class);
                    return xacks(commands, ids);
                })
                .await()
                .atMost(REDIS_TIMEOUT);
    }

    private void backOff() {
        consecutiveFailures = Math.min(consecutiveFailures + 1, 6);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backOffMillis(consecutiveFailures)));
    }

    private static long backOffMillis(int consecutiveFailures) {
        return Math.min(MAX_BACKOFF.toMillis(), 100L << consecutiveFailures);
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
