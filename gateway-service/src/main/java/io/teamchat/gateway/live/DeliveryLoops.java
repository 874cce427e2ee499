package io.teamchat.gateway.live;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Where the rooms' events are fanned out: spread over the first {@code most} event loops of a group, each room always
 * on the same loop, so a room's events keep their order while different rooms' run on different cores.
 *
 * <p>Why: every room's events arrive on the one subscription connection, and its event loop also serves its share of
 * the sockets. Parsing each event and writing its frames there made that loop about twice as busy as the other
 * (docs/benchmarks.md, "The gateway's stream writes off the pool, and its rooms spread over its event loops").
 */
final class DeliveryLoops {

    private final List<EventExecutor> loops = new ArrayList<>();

    DeliveryLoops(EventExecutorGroup group, int most) {
        for (EventExecutor loop : group) {
            if (loops.size() == Math.max(1, most)) {
                break;
            }
            loops.add(loop);
        }
    }

    /** The loop of {@code roomId}'s events: the same for every event of the room. */
    Executor of(UUID roomId) {
        return loops.get(Math.floorMod(roomId.hashCode(), loops.size()));
    }

    int size() {
        return loops.size();
    }
}
