package io.teamchat.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void idsAreVersion7AndStrictlyIncreasingInStringOrder() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(UuidV7.generate());
        }
        for (int i = 1; i < ids.size(); i++) {
            UUID id = ids.get(i);
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            // PostgreSQL's uuid and clients compare ids as text: both orders must agree with creation order.
            assertTrue(ids.get(i - 1).toString().compareTo(id.toString()) < 0, "ids must increase");
        }
    }

    @Test
    void timestampIsTheCurrentTime() {
        long before = System.currentTimeMillis();
        long millis = UuidV7.epochMillis(UuidV7.generate());
        // + 1 s: ids made faster than 4096 per millisecond run ahead of the clock
        assertTrue(millis >= before && millis <= System.currentTimeMillis() + 1000);
    }

    @Test
    void epochMillisIsOnlyForVersion7() {
        assertThrows(IllegalArgumentException.class, () -> UuidV7.epochMillis(UUID.randomUUID()));
    }
}
