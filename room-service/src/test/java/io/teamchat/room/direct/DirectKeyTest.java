package io.teamchat.room.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectKeyTest {

    @Test
    void theKeyIsTheSameFromEitherSide() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertEquals(DirectRoomService.directKey(a, b), DirectRoomService.directKey(b, a));
        assertNotEquals(DirectRoomService.directKey(a, b), DirectRoomService.directKey(a, UUID.randomUUID()));
    }
}
