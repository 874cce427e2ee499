package io.teamchat.gateway.messages;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One lane per socket: its sends run one after the other, each once the one before has been handed to the
 * commands stream (or refused), because a send's Redis hops (rate limit, membership, the append) complete in any
 * order and a later send would otherwise overtake an earlier one. Other sockets' lanes never wait for it. A lane
 * holds at most {@code limit} waiting sends; a lane exists only while it has a send in flight.
 */
final class SendLanes {

    /** A send's work; it calls {@code done} exactly when the next send of its socket may start. */
    interface Step extends Consumer<Runnable> {}

    private static final class Lane {
        final ArrayDeque<Step> waiting = new ArrayDeque<>();
    }

    private final int limit;
    // Guarded by this; only queue operations happen under the lock, never a step.
    private final Map<String, Lane> lanes = new HashMap<>();

    SendLanes(int limit) {
        this.limit = limit;
    }

    /** Runs the step now if the socket's lane is idle, or queues it; false (nothing runs) when the lane is full. */
    boolean submit(String socketId, Step step) {
        synchronized (this) {
            Lane lane = lanes.get(socketId);
            if (lane != null) {
                if (lane.waiting.size() >= limit) {
                    return false;
                }
                lane.waiting.add(step);
                return true;
            }
            lanes.put(socketId, new Lane());
        }
        run(socketId, step);
        return true;
    }

    /** Sockets with a send in flight (tests, diagnostics). */
    synchronized int busyLanes() {
        return lanes.size();
    }

    private void run(String socketId, Step step) {
        AtomicBoolean finished = new AtomicBoolean();
        Runnable done = () -> {
            if (finished.compareAndSet(false, true)) {
                next(socketId);
            }
        };
        try {
            step.accept(done);
        } catch (RuntimeException e) {
            done.run(); // a broken send must not stall its socket's later ones
            throw e;
        }
    }

    private void next(String socketId) {
        Step step;
        synchronized (this) {
            Lane lane = lanes.get(socketId);
            step = lane == null ? null : lane.waiting.poll();
            if (step == null) {
                lanes.remove(socketId);
                return;
            }
        }
        run(socketId, step);
    }
}
