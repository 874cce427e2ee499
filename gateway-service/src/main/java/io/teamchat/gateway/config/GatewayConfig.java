package io.teamchat.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the gateway itself ({@code chat.gateway.*}); see the module README for the env overrides. */
@ConfigMapping(prefix = "chat.gateway")
public interface GatewayConfig {

    /**
     * Name of this instance in connection events and its heartbeat key; a random suffix is added per process, so a
     * restarted instance is a new one (the sockets of the one that died are swept by presence-service).
     */
    Optional<String> instanceId();

    Heartbeat heartbeat();

    /** A text frame larger than this (UTF-8 bytes) closes the socket. */
    @WithDefault("65536")
    int maxFrameBytes();

    Engine engine();

    Limits limits();

    /** How often the gateway runs its small clean-ups (Housekeeping: sockets whose token expired, ...). */
    @WithDefault("1s")
    Duration housekeepingInterval();

    /** How long a send-message waits for message-service's outcome before acking 504. */
    @WithDefault("10s")
    Duration ackTimeout();

    /**
     * At shutdown, how long the gateway keeps its sockets while sends still wait for their acks, before it tells
     * every socket to reconnect elsewhere (within the pod's termination grace period, docs/operations.md).
     */
    @WithDefault("10s")
    Duration drainTimeout();

    /**
     * How many send-messages of one socket may wait behind the one being queued (a socket's sends are appended in
     * order, one after the other); one more is refused with 429.
     */
    @WithDefault("32")
    int sendsWaitingPerSocket();

    /** Timeout of join-room's fetch of the room from room-service (membership itself is read from the cache). */
    @WithDefault("3s")
    Duration roomDetailsTimeout();

    /**
     * How long one fetch of a room serves the joins of every member (RoomDetails); the room's own events drop it
     * sooner.
     */
    @WithDefault("2s")
    Duration roomDetailsTtl();

    /**
     * How often subscriptions are checked against the membership cache's room versions, so that a removed member
     * stops receiving a room within this interval even when its member.left event was lost.
     */
    @WithDefault("500ms")
    Duration membershipRecheck();

    /**
     * How long a send whose ack timed out stays remembered after its timeout, so that a retry with the same
     * clientMsgId (on this instance) waits for the command already in the stream instead of appending another
     * (PendingAcks): while message-service catches up with a backlog, retries then do not grow it.
     */
    @WithDefault("2m")
    Duration timedOutSendMemory();

    /** Size of the recent message-id set used to deliver a re-published message.created only once. */
    @WithDefault("10000")
    int recentMessageIds();

    Proxy proxy();

    /**
     * How long the disable of an account is remembered to refuse its older access tokens at CONNECT: the access-token
     * lifetime, after which those tokens have expired anyway.
     */
    @WithDefault("15m")
    Duration disabledAccountMemory();

    /**
     * Conformance mode, started only by the tests that run the official Engine.IO and Socket.IO suites: the chat
     * namespace is replaced by echo namespaces ({@code /} and {@code /custom}) and {@code /engine.io/} echoes.
     */
    @WithDefault("false")
    boolean conformance();

    /** Directory holding the built SPA (index.html and assets/). */
    @WithDefault("../frontend/dist")
    String spaDir();

    /** Engine.IO v4 handshake values. */
    interface Engine {
        @WithDefault("25s")
        Duration pingInterval();

        @WithDefault("20s")
        Duration pingTimeout();

        /** Advertised in the open packet; the enforced limit is {@code max-frame-bytes}. */
        @WithDefault("1000000")
        int maxPayload();

        /** A connection that has not joined a namespace (Socket.IO CONNECT) within this time is closed. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Outbound bytes one connection may have queued; beyond it, it is closed as a slow consumer. */
        @WithDefault("1048576")
        int maxBufferedBytes();
    }

    /**
     * The instance's heartbeat: the key {@code <prefix>presence:gateway:<instance id>}, renewed every
     * {@code interval} with a time to live of {@code ttl}. When it expires (the process died) presence-service
     * closes this instance's sockets; the TTL plus presence-service's sweep interval bound how long that takes.
     */
    interface Heartbeat {
        @WithDefault("5s")
        Duration interval();

        @WithDefault("15s")
        Duration ttl();
    }

    /** Connection limits shared by every gateway through Redis (docs/socket-protocol.md, "Limits"). */
    interface Limits {
        /** Connected sockets one user may have across all gateways; one more is refused "too many connections". */
        @WithDefault("20")
        int socketsPerUser();

        /** Connections from one client address that have not joined a namespace yet; more are refused with 403. */
        @WithDefault("50")
        int unauthenticatedPerAddress();

        /** A socket's slot is renewed every third of this; a dead gateway's slots free themselves after it. */
        @WithDefault("30s")
        Duration socketLease();
    }

    interface Proxy {
        @WithDefault("2s")
        Duration connectTimeout();

        /** No byte from the upstream for this long -> 504. */
        @WithDefault("30s")
        Duration timeout();

        /** Ordered: the first matching pattern wins. */
        List<Route> routes();

        /**
         * How many reverse proxies (ingress, load balancer) stand in front of the gateway, each appending to
         * X-Forwarded-For. 0: the TCP peer is the client and a client-sent X-Forwarded-For is ignored.
         */
        @WithDefault("0")
        int trustedHops();

        interface Route {
            /** Path pattern: literal segments, {@code *} = one segment, trailing {@code /**} = the rest or nothing. */
            String pattern();

            /** Base URL of the owning service, e.g. {@code ${chat.services.room-url}}. */
            String upstream();
        }
    }
}
