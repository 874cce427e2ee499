package io.teamchat.gateway.messages;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A bounded set of recently seen ids, oldest evicted first; thread-safe. */
final class RecentIds {

    private final Map<UUID, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when the id was not seen yet (and is now remembered). */
    synchronized boolean add(UUID id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }
}
