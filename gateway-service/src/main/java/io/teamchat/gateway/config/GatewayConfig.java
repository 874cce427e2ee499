package io.teamchat.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the gateway itself ({@code chat.gateway.*}); see the module README for the env overrides. */
@ConfigMapping(prefix = "chat.gateway")
public interface GatewayConfig {

    /** Id of this instance in connection events; a random one when not set (two JVMs on one host differ). */
    Optional<String> instanceId();

    /** A text frame larger than this (UTF-8 bytes) closes the socket. */
    @WithDefault("65536")
    int maxFrameBytes();

    Engine engine();

    RateLimit rateLimit();

    /** How long a send-message waits for message-service's outcome before acking 504. */
    @WithDefault("10s")
    Duration ackTimeout();

    /** Timeout of join-room's fetch of the room from room-service (membership itself is read from the cache). */
    @WithDefault("3s")
    Duration roomDetailsTimeout();

    /**
     * How often subscriptions are checked against the membership cache's room versions, so that a removed member
     * stops receiving a room within this interval even when its member.left event was lost.
     */
    @WithDefault("500ms")
    Duration membershipRecheck();

    /** Size of the recent message-id set used to deliver a re-published message.created only once. */
    @WithDefault("10000")
    int recentMessageIds();

    /** How long a user's rooms are remembered after their last socket here closed (for offline presence). */
    @WithDefault("2m")
    Duration presenceRoomMemory();

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

    interface RateLimit {
        @WithDefault("20")
        int messages();

        @WithDefault("10s")
        Duration window();
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
