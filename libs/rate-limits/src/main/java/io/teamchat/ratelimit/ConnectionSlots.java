package io.teamchat.ratelimit;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Counted things that live a while (connections), shared by every instance: a sorted set
 * {@code <prefix>limits:<kind>:<owner>} whose members are the holders and whose scores are when each claim runs out
 * (Redis' clock). A holder renews its claims while it lives; claims of an instance that died (SIGKILL) run out by
 * themselves, so the count heals within one lease. When Redis does not answer a claim is granted (logged).
 */
@ApplicationScoped
public class ConnectionSlots {

    private static final Logger LOG = Logger.getLogger(ConnectionSlots.class);

    /** KEYS[1] the set; ARGV: limit, lease ms, member. Returns 1 (held) or 0 (full). */
    private static final LimitStore.Script CLAIM = LimitStore.Script.of("""
            local lease = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if not redis.call('ZSCORE', KEYS[1], ARGV[3])
                and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
            if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
            return 1
            """);

    /** KEYS[1] the set; ARGV: lease ms, members... Pushes their leases forward (members no longer there stay out). */
    private static final LimitStore.Script RENEW = LimitStore.Script.of("""
            local lease = tonumber(ARGV[1])
            for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[i]) end
            if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('PTTL', KEYS[1]) < lease then
              redis.call('PEXPIRE', KEYS[1], lease)
            end
            return 1
            """);

    /** Renewals, and apart from them releases, in flight at once: a few, so that sends and joins do not queue behind. */
    public static final int WRITES_IN_FLIGHT = 32;

    private final LimitStore store;
    /** Slots to give back, from any thread; sent by one subscription, {@link #WRITES_IN_FLIGHT} at a time. */
    private final SerializedProcessor<Map.Entry<String, String>, Map.Entry<String, String>> releases =
            UnicastProcessor.<Map.Entry<String, String>>create().serialized();

    ConnectionSlots(LimitStore store) {
        this.store = store;
        Multi.createFrom()
                .publisher(releases)
                .onItem()
                .transformToUni(slot -> store.execute("ZREM", slot.getKey(), slot.getValue())
                        .replaceWithVoid()
                        .onFailure()
                        .recoverWithUni(failure -> {
                            LOG.debugf("slot %s not released: %s", slot.getKey(), failure.toString());
                            return Uni.createFrom().voidItem();
                        }))
                .merge(WRITES_IN_FLIGHT)
                .subscribe()
                .with(ignored -> {});
    }

    /** The set's key for one owner, e.g. {@code key("sockets", userId)}. */
    public String key(String kind, Object owner) {
        return store.key(kind, owner);
    }

    /** Takes (or keeps) a slot for {@code member}; false when {@code limit} others hold one. */
    public Uni<Boolean> claim(String key, String member, int limit, Duration lease) {
        return store.eval(CLAIM, key, List.of(Integer.toString(limit), Long.toString(lease.toMillis()), member))
                .map(reply -> reply.toInteger() == 1)
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("limit store unreachable, not limiting %s: %s", key, failure.toString());
                    return true;
                });
    }

    /**
     * Gives a slot back (best effort: a slot not given back runs out with its lease). Queued here and sent at most
     * {@link #WRITES_IN_FLIGHT} at a time: when 10,000 sockets drop at once (a network blip, a load balancer
     * restart), 10,000 releases sent together filled the Redis pool's wait queue, and the disconnect events that
     * presence-service needs were refused with them.
     */
    public void release(String key, String member) {
        releases.onNext(Map.entry(key, member));
    }

    /**
     * Renews the leases of the members held here, one round trip per key with at most {@link #WRITES_IN_FLIGHT} in
     * flight: a gateway holding 10,000 users' sockets once sent 10,000 scripts at once, which filled the Redis pool's
     * wait queue and got sends and joins refused. Completes when every key was tried; a key that failed is only
     * logged (its lease is long enough to outlast a missed round).
     */
    public Uni<Void> renew(Map<String, ? extends Collection<String>> membersByKey, Duration lease) {
        String leaseMillis = Long.toString(lease.toMillis());
        return Multi.createFrom()
                .iterable(List.copyOf(membersByKey.entrySet()))
                .onItem()
                .transformToUni(entry -> {
                    List<String> args = new ArrayList<>(entry.getValue().size() + 1);
                    args.add(leaseMillis);
                    args.addAll(entry.getValue());
                    return store.eval(RENEW, entry.getKey(), args)
                            .replaceWithVoid()
                            .onFailure()
                            .recoverWithUni(failure -> {
                                LOG.debugf("lease of %s not renewed: %s", entry.getKey(), failure);
                                return Uni.createFrom().voidItem();
                            });
                })
                .merge(WRITES_IN_FLIGHT)
                .collect()
                .last()
                .replaceWithVoid();
    }
}
