package io.teamchat.gateway.socket;

import io.teamchat.gateway.engine.EngineConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Socket.IO state of one Engine.IO connection: its sockets by namespace, CONNECTs being decided, and a
 * binary packet waiting for its attachments. Guarded by its own lock.
 */
final class SocketConnection {

    /** A BINARY_EVENT or BINARY_ACK collecting the binary messages it announced. */
    record PendingBinary(SocketPacket packet, List<byte[]> attachments) {
        boolean complete() {
            return attachments.size() == packet.attachments();
        }
    }

    private final EngineConnection engine;
    private final Map<String, SocketSession> sockets = new HashMap<>();
    private final Set<String> admitting = new HashSet<>();
    private PendingBinary pendingBinary;
    private boolean closed;
    /** The client address whose unauthenticated-connection slot this connection holds, until its first socket. */
    private String unauthenticatedAddress;

    SocketConnection(EngineConnection engine, String unauthenticatedAddress) {
        this.engine = engine;
        this.unauthenticatedAddress = unauthenticatedAddress;
    }

    /** The address whose slot to give back (once: null afterwards). */
    synchronized String takeUnauthenticatedAddress() {
        String address = unauthenticatedAddress;
        unauthenticatedAddress = null;
        return address;
    }

    EngineConnection engine() {
        return engine;
    }

    synchronized SocketSession socket(String namespace) {
        return sockets.get(namespace);
    }

    synchronized boolean hasSockets() {
        return !sockets.isEmpty();
    }

    /** True when a CONNECT for the namespace may be decided now (not connected, not already being decided). */
    synchronized boolean startAdmission(String namespace) {
        return !closed && !sockets.containsKey(namespace) && admitting.add(namespace);
    }

    synchronized void endAdmission(String namespace) {
        admitting.remove(namespace);
    }

    /** Adds an accepted socket and runs {@code onAdded} under the lock; false when the connection closed. */
    synchronized boolean add(SocketSession socket, Runnable onAdded) {
        admitting.remove(socket.namespace());
        if (closed || !engine.isOpen()) {
            return false;
        }
        sockets.put(socket.namespace(), socket);
        onAdded.run();
        return true;
    }

    synchronized SocketSession remove(String namespace) {
        return sockets.remove(namespace);
    }

    /** Marks the connection closed; the sockets it had. */
    synchronized List<SocketSession> close() {
        closed = true;
        List<SocketSession> all = new ArrayList<>(sockets.values());
        sockets.clear();
        pendingBinary = null;
        return all;
    }

    synchronized PendingBinary pendingBinary() {
        return pendingBinary;
    }

    synchronized void pendingBinary(PendingBinary pending) {
        pendingBinary = pending;
    }
}
