package io.teamchat.gateway.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The per-socket send lanes on their own: order, independence of sockets, the bound, clean-up. */
class SendLanesTest {

    private final List<String> started = new ArrayList<>();
    private final Map<String, Runnable> doneOf = new ConcurrentHashMap<>();

    /** A step that records its start and holds its lane until {@link #finish} is called. */
    private SendLanes.Step step(String name) {
        return done -> {
            started.add(name);
            doneOf.put(name, done);
        };
    }

    private void finish(String name) {
        doneOf.get(name).run();
    }

    @Test
    void aSocketsSendsStartOneAfterTheOtherInOrder() {
        SendLanes lanes = new SendLanes(8);
        assertTrue(lanes.submit("s1", step("a")));
        assertTrue(lanes.submit("s1", step("b")));
        assertTrue(lanes.submit("s1", step("c")));
        assertEquals(List.of("a"), started, "b waits for a");
        finish("a");
        assertEquals(List.of("a", "b"), started);
        finish("a"); // a second call of the same done changes nothing
        assertEquals(List.of("a", "b"), started, "c still waits for b");
        finish("b");
        finish("c");
        assertEquals(List.of("a", "b", "c"), started);
        assertEquals(0, lanes.busyLanes(), "an idle socket holds no lane");
    }

    @Test
    void anotherSocketNeverWaits() {
        SendLanes lanes = new SendLanes(8);
        lanes.submit("s1", step("a"));
        lanes.submit("s1", step("b"));
        lanes.submit("s2", step("x"));
        assertEquals(List.of("a", "x"), started, "s2's send starts while s1's first is in flight");
        assertEquals(2, lanes.busyLanes());
    }

    @Test
    void aFullLaneRefusesUntilItDrains() {
        SendLanes lanes = new SendLanes(2);
        assertTrue(lanes.submit("s1", step("a")));
        assertTrue(lanes.submit("s1", step("b")));
        assertTrue(lanes.submit("s1", step("c")));
        assertFalse(lanes.submit("s1", step("d")), "two waiting behind the one in flight: full");
        assertTrue(lanes.submit("s2", step("x")), "only that socket's lane is full");
        finish("a");
        assertTrue(lanes.submit("s1", step("e")));
        finish("b");
        finish("c");
        finish("e");
        assertEquals(List.of("a", "x", "b", "c", "e"), started, "the refused send never ran");
    }

    @Test
    void aStepThatThrowsDoesNotStallItsSocket() {
        SendLanes lanes = new SendLanes(8);
        lanes.submit("s1", step("a"));
        lanes.submit("s1", done -> {
            throw new IllegalStateException("broken");
        });
        lanes.submit("s1", step("c"));
        try {
            finish("a");
        } catch (IllegalStateException expected) {
            // thrown by the broken step, on the thread that finished a
        }
        assertEquals(List.of("a", "c"), started);
    }
}
