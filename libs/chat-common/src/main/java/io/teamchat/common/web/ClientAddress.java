package io.teamchat.common.web;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The address of the client of the current request: the TCP peer, or the X-Forwarded-For address when the peer is
 * a trusted proxy ({@code quarkus.http.proxy.*}; the gateway sets that header, it never appends to it).
 */
@ApplicationScoped
public class ClientAddress {

    @Inject
    CurrentVertxRequest request;

    /** {@code unknown} outside a request (a scheduled job) or when the peer has no address. */
    public String current() {
        RoutingContext context = request.getCurrent();
        SocketAddress remote = context == null ? null : context.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}
