package io.teamchat.gateway.conformance;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.engine.EngineConnection;
import io.teamchat.gateway.engine.EngineListener;
import io.teamchat.gateway.engine.EngineServer;
import io.teamchat.gateway.socket.SocketRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The server the official Engine.IO test suite expects (its README): Engine.IO at {@code /engine.io/} echoing
 * every message, text and binary. Installed in conformance mode only.
 */
@ApplicationScoped
public class EngineEcho implements EngineListener {

    void install(@Observes Router router, Vertx vertx, GatewayConfig config) {
        if (config.conformance()) {
            EngineServer server = new EngineServer(vertx, SocketRoutes.settings(config), this);
            router.route("/engine.io/*")
                    .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                    .handler(server::handle);
        }
    }

    @Override
    public void onOpen(EngineConnection connection) {}

    @Override
    public void onMessage(EngineConnection connection, String data) {
        connection.send("4" + data);
    }

    @Override
    public void onBinary(EngineConnection connection, Buffer data) {
        connection.sendBinary(data);
    }

    @Override
    public void onClose(EngineConnection connection, String reason) {}
}
