package io.teamchat.gateway.upstream;

import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** The one pooled Vert.x HTTP client for calls to the services behind the gateway (proxy and room lookups). */
@ApplicationScoped
public class UpstreamHttp {

    private final HttpClient client;

    public UpstreamHttp(Vertx vertx, GatewayConfig config) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTryUseCompression(false)
                // The proxy passes bodies through untouched; decompressing would break Content-Length.
                .setDecompressionSupported(false);
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(64));
    }

    public HttpClient client() {
        return client;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
