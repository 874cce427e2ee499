package io.teamchat.gateway.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoopGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rooms' fan-out spread over event loops: each room's events in order on one loop, the rooms over several. */
class DeliveryLoopsTest {

    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(4);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void eachRoomsEventsRunInOrderOnOneLoopWhileTheRoomsSpreadOverTheLoops() throws Exception {
        DeliveryLoops loops = new DeliveryLoops(group, 2);
        assertEquals(2, loops.size(), "no more loops than asked for");
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 41; i++) { // odd: a loop per event in turn would move each room
            rooms.add(UUID.randomUUID());
        }
        int perRoom = 500;
        Map<UUID, List<Integer>> ran = new ConcurrentHashMap<>();
        Map<UUID, Set<String>> threads = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(rooms.size() * perRoom);
        // Interleaved, as events of many rooms come off one connection.
        for (int seq = 0; seq < perRoom; seq++) {
            for (UUID room : rooms) {
                int n = seq;
                loops.of(room).execute(() -> {
                    ran.computeIfAbsent(room, r -> new ArrayList<>()).add(n);
                    threads.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet())
                            .add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
        }
        assertTrue(done.await(20, TimeUnit.SECONDS));
        Set<String> used = new HashSet<>();
        for (UUID room : rooms) {
            List<Integer> order = ran.get(room);
            for (int i = 0; i < perRoom; i++) {
                assertEquals(i, order.get(i), "room " + room + " ran its events in the order they came");
            }
            assertEquals(1, threads.get(room).size(), "a room stays on one loop");
            used.addAll(threads.get(room));
        }
        assertEquals(2, used.size(), "41 rooms spread over both loops");
    }

    @Test
    void theLoopsAreAtMostTheGroupsAndAtLeastOne() {
        assertEquals(4, new DeliveryLoops(group, 16).size());
        assertEquals(1, new DeliveryLoops(group, 0).size());
    }
}
