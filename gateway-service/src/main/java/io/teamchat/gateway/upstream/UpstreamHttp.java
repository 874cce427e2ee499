package io.teamchat.gateway.upstream;

import io.smallrye.mutiny.Uni;
import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The one pooled Vert.x HTTP client for calls to the services behind the gateway (the proxy, and calls on a user's behalf). */
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

    /** A service's answer: its status and whole body. */
    public record Answer(int status, Buffer body) {}

    /**
     * Calls a service on behalf of a socket's user, with the user's own token so the service applies its own rules;
     * fails when the service is unreachable or does not answer within {@code timeout}.
     *
     * @param jsonBody the JSON request body, or null for none
     */
    public Uni<Answer> callAsUser(HttpMethod method, String uri, String token, String jsonBody, Duration timeout) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(uri)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setIdleTimeout(timeout.toMillis());
        if (jsonBody != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        return Uni.createFrom()
                .completionStage(() -> client.request(options)
                        .compose(request -> jsonBody == null ? request.send() : request.send(jsonBody))
                        .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)))
                        .toCompletionStage())
                .ifNoItem()
                .after(timeout)
                .fail();
    }

    /** A configured service URL as a base to append paths to. */
    public static String baseUrl(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
