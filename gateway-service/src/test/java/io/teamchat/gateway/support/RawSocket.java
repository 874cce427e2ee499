package io.teamchat.gateway.support;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare websocket speaking Engine.IO/Socket.IO by hand (JDK client), for what a well-behaved client never
 * does: wrong versions, binary or oversize frames, malformed packets, and ignoring pings.
 */
public final class RawSocket implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket webSocket;
    /** While true nothing more is read from the network: a client that stops reading (slow consumer). */
    private volatile boolean stopReading;

    public static RawSocket open(URL base, String query) {
        RawSocket raw = new RawSocket();
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/socket.io/?" + query);
        try {
            raw.webSocket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(uri, raw)
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("websocket handshake failed", e);
        }
        return raw;
    }

    /** Opens with EIO=4, reads the open packet, sends CONNECT with the token and waits for the answer. */
    public static RawSocket connected(URL base, String token) {
        RawSocket raw = open(base, "EIO=4&transport=websocket");
        raw.nextNonPing();
        raw.send("40{\"token\":\"" + token + "\"}");
        String answer = raw.nextNonPing();
        if (!answer.startsWith("40{")) {
            throw new AssertionError("CONNECT refused: " + answer);
        }
        return raw;
    }

    public void send(String text) {
        webSocket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        webSocket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** The next frame that is not an Engine.IO ping, or an AssertionError after 10 s. */
    public String nextNonPing() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                String frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null && !frame.equals("2")) {
                    return frame;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no frame within 10 s");
    }

    /** The close code the server sent, or an AssertionError if the socket stays open. */
    public int awaitClosed(long seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket still open after " + seconds + " s", e);
        }
    }

    /** The frames received and not yet read, pings included, without waiting. */
    public List<String> drain() {
        List<String> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        if (!stopReading) {
            ws.request(1);
        }
        return null;
    }

    /** From now on reads nothing: the server's frames pile up in the TCP buffers and then in its queue. */
    public void stopReading() {
        stopReading = true;
    }

    /** Sends one fragment of a text message ({@code last} false: more follow). */
    public void sendFragment(String text, boolean last) {
        webSocket.sendText(text, last).join();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            webSocket.abort();
        }
    }
}
