package io.teamchat.gateway.socket;

import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.housekeeping.Housekeeping;
import io.teamchat.gateway.proxy.ForwardedFor;
import io.teamchat.ratelimit.ConnectionSlots;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connection limits that hold across every gateway (counted in Redis by {@link ConnectionSlots}): at most
 * {@code sockets-per-user} connected sockets per user, and at most {@code unauthenticated-per-address} connections
 * per client address that have not yet joined a namespace. Socket slots are leased and renewed while the socket
 * lives, so the slots of a gateway killed outright free themselves within one lease; an address slot lasts until
 * the connection's first CONNECT is accepted, it closes, or the CONNECT timeout (plus a margin) passes.
 */
@ApplicationScoped
public class SocketQuota {

    private final ConnectionSlots slots;
    private final SocketRegistry registry;
    private final int socketsPerUser;
    private final int unauthenticatedPerAddress;
    private final int trustedHops;
    private final Duration socketLease;
    private final Duration addressLease;
    private final long renewEveryNanos;
    private long lastRenewal = System.nanoTime();
    /** A renewal round is still going: the next one waits for it instead of piling on top. */
    private final AtomicBoolean renewing = new AtomicBoolean();

    public SocketQuota(
            ConnectionSlots slots, SocketRegistry registry, GatewayConfig config, Housekeeping housekeeping) {
        this.slots = slots;
        this.registry = registry;
        this.socketsPerUser = config.limits().socketsPerUser();
        this.unauthenticatedPerAddress = config.limits().unauthenticatedPerAddress();
        this.trustedHops = config.proxy().trustedHops();
        this.socketLease = config.limits().socketLease();
        this.addressLease = config.engine().connectTimeout().plusSeconds(5);
        this.renewEveryNanos = socketLease.toNanos() / 3;
        housekeeping.onTick(this::renewIfDue);
    }

    /** The client address a connection counts against (see {@link ForwardedFor}). */
    public String clientAddress(String peerAddress, String forwardedFor) {
        return ForwardedFor.clientAddress(forwardedFor, peerAddress, trustedHops);
    }

    Uni<Boolean> claimAddress(String address, String connectionId) {
        return slots.claim(addressKey(address), connectionId, unauthenticatedPerAddress, addressLease);
    }

    void releaseAddress(String address, String connectionId) {
        slots.release(addressKey(address), connectionId);
    }

    Uni<Boolean> claimSocket(UUID userId, String socketId) {
        return slots.claim(socketKey(userId), socketId, socketsPerUser, socketLease);
    }

    void releaseSocket(UUID userId, String socketId) {
        slots.release(socketKey(userId), socketId);
    }

    private void renewIfDue() {
        long now = System.nanoTime();
        if (now - lastRenewal < renewEveryNanos || !renewing.compareAndSet(false, true)) {
            return;
        }
        lastRenewal = now;
        Map<String, List<String>> byUser = new HashMap<>();
        for (SocketSession socket : registry.connected()) {
            byUser.computeIfAbsent(socketKey(socket.user().id()), key -> new ArrayList<>())
                    .add(socket.socketId());
        }
        slots.renew(byUser, socketLease)
                .onTermination()
                .invoke(() -> renewing.set(false))
                .subscribe()
                .with(ignored -> {});
    }

    private String socketKey(UUID userId) {
        return slots.key("sockets", userId);
    }

    private String addressKey(String address) {
        return slots.key("unauthenticated", address);
    }
}
