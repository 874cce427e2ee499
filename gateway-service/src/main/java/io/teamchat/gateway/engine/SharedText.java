package io.teamchat.gateway.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A text packet sent as is to many connections (a room event's frame): its UTF-8 bytes are encoded once, and each
 * websocket writes a view of them, where {@code writeTextMessage(String)} encoded and copied the text again for every
 * connection (the gateway's largest allocation per delivered frame). Polling connections take the text.
 */
public final class SharedText {

    private final String text;
    /** Encoded on first use; never released, so the views' reference counts never free it (the GC does). */
    private volatile ByteBuf utf8;

    public SharedText(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** A view of the encoded text with its own indexes, released by the channel once written. */
    ByteBuf retainedView() {
        ByteBuf encoded = utf8;
        if (encoded == null) {
            // Two threads may both encode: the same bytes either way.
            encoded = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
            utf8 = encoded;
        }
        return encoded.retainedDuplicate();
    }
}
