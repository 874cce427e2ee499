package io.teamchat.gateway.socket;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.engine.EngineServer;
import io.teamchat.gateway.engine.EngineSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Serves Socket.IO at {@code /socket.io/} over both Engine.IO transports (polling and websocket). */
@ApplicationScoped
public class SocketRoutes {

    public static final String PATH = "/socket.io/";

    private final EngineServer engine;

    public SocketRoutes(Vertx vertx, GatewayConfig config, SocketServer server) {
        this.engine = new EngineServer(vertx, settings(config), server);
    }

    /** The Engine.IO settings of this gateway (also used by the conformance echo). */
    public static EngineSettings settings(GatewayConfig config) {
        return new EngineSettings(
                config.engine().pingInterval(),
                config.engine().pingTimeout(),
                config.engine().maxPayload(),
                config.maxFrameBytes(),
                config.engine().maxBufferedBytes());
    }

    void install(@Observes Router router) {
        router.route(PATH + "*")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(engine::handle);
    }

    /** Refuses new sessions from now on (shutdown begins); open sockets are served until {@link #closeAll}. */
    public void drain() {
        engine.drain();
    }

    /** Tells every socket to reconnect elsewhere (shutdown.GracefulShutdown); also the last word at stop. */
    public void closeAll() {
        engine.closeAll();
    }

    void stop(@Observes ShutdownEvent event) {
        engine.closeAll();
    }
}
