package io.teamchat.gateway.socket;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A websocket frame over {@code chat.gateway.max-frame-bytes} is refused by the HTTP server's decoder from its
 * header, before its payload is read; a message of several frames is capped by the Engine.IO layer as it grows.
 */
@ApplicationScoped
public class SocketFrameLimits implements HttpServerOptionsCustomizer {

    private final int maxFrameBytes;

    public SocketFrameLimits(GatewayConfig config) {
        this.maxFrameBytes = config.maxFrameBytes();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(maxFrameBytes);
    }
}
