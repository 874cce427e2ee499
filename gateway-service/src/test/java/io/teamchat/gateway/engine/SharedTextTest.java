package io.teamchat.gateway.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One frame's bytes shared by many connections: each gets a whole, independent view that outlives the others. */
class SharedTextTest {

    private static final String FRAME = "42[\"message-received\",{\"content\":\"héllo 你好 👋\"}]";

    @Test
    void everyViewHoldsTheWholeUtf8TextWhateverTheOthersDid() {
        SharedText shared = new SharedText(FRAME);
        for (int connection = 0; connection < 1000; connection++) {
            ByteBuf view = shared.retainedView();
            assertEquals(FRAME, view.toString(StandardCharsets.UTF_8));
            view.skipBytes(view.readableBytes()); // a channel reads its view to the end...
            assertTrue(view.release() || view.refCnt() > 0); // ...and releases it once written
        }
        ByteBuf last = shared.retainedView();
        assertEquals(FRAME.getBytes(StandardCharsets.UTF_8).length, last.readableBytes(), "never freed by the views");
        assertEquals(FRAME, last.toString(StandardCharsets.UTF_8));
    }
}
