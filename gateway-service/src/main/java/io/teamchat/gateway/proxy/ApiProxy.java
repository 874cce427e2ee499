package io.teamchat.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.teamchat.common.problem.Problem;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Streams {@code /api/**} and {@code /.well-known/**} to the owning service by the route table: method,
 * path and query, end-to-end headers (Authorization, Cookie, Content-Type...), the body, and back the status,
 * headers (every Set-Cookie) and body. A Vert.x route ahead of Quarkus REST, so no JAX-RS resource shadows it.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);

    /** RFC 9110 hop-by-hop headers, never forwarded either way. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private final HttpClient http;
    private final RouteTable routes;
    private final ObjectMapper mapper;
    private final long answerTimeoutMs;
    private final int trustedHops;

    public ApiProxy(UpstreamHttp http, GatewayConfig config, ObjectMapper mapper) {
        this.http = http.client();
        this.routes = RouteTable.from(config.proxy().routes());
        this.mapper = mapper;
        this.answerTimeoutMs = config.proxy().timeout().toMillis();
        this.trustedHops = config.proxy().trustedHops();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    static boolean isProxied(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.startsWith("/.well-known/");
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!isProxied(path)) {
            ctx.next();
            return;
        }
        Optional<String> upstream = routes.upstreamFor(path);
        if (upstream.isEmpty()) {
            problem(ctx, 404, "Not Found", "No such resource.");
            return;
        }
        HttpServerRequest request = ctx.request();
        request.pause();
        String query = request.query();
        // The answer timeout starts once the request has gone up (AnswerDeadline): a slow upload (10 MiB at 1 Mbit/s
        // takes 80 s) gets no answer until its body is sent.
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setAbsoluteURI(upstream.get() + path + (query == null || query.isEmpty() ? "" : "?" + query));
        http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                request.resume();
                upstreamFailed(ctx, ar.cause());
                return;
            }
            HttpClientRequest upstreamRequest = ar.result();
            copyRequestHeaders(request, upstreamRequest.headers());
            setForwardedHeaders(request, upstreamRequest.headers());
            // "Content-Length: 0" (a browser's POST without body, e.g. /api/auth/refresh) is no body: the request has
            // already ended, and piping an ended stream would never end the upstream request (a 504).
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean hasBody = (length != null && !length.strip().equals("0"))
                    || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
            AnswerDeadline deadline = new AnswerDeadline(ctx.vertx(), upstreamRequest, answerTimeoutMs);
            upstreamRequest.response().onComplete(res -> {
                deadline.answered();
                respond(ctx, res.succeeded() ? res.result() : null, res.cause());
            });
            if (hasBody) {
                if (!request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
                    upstreamRequest.setChunked(true);
                }
                request.pipeTo(upstreamRequest).onComplete(sent -> {
                    if (sent.failed()) {
                        upstreamRequest.reset(0, sent.cause());
                    } else {
                        deadline.start();
                    }
                });
            } else {
                request.resume();
                upstreamRequest.end();
                deadline.start();
            }
            ctx.response().closeHandler(closed -> upstreamRequest.reset());
        });
    }

    /**
     * X-Forwarded-* are set, never passed on from the client: For from the trusted hops ({@link ForwardedFor}),
     * Proto and Host from the request, or from the nearest trusted proxy's headers when there is one.
     */
    private void setForwardedHeaders(HttpServerRequest request, MultiMap upstream) {
        upstream.remove("X-Forwarded-For")
                .remove("X-Forwarded-Proto")
                .remove("X-Forwarded-Host")
                .remove("Forwarded");
        String proto = request.scheme() == null ? "http" : request.scheme();
        String host = request.authority() == null ? null : request.authority().toString();
        if (trustedHops > 0) {
            proto = Objects.requireNonNullElse(lastEntry(request.getHeader("X-Forwarded-Proto")), proto);
            host = Objects.requireNonNullElse(lastEntry(request.getHeader("X-Forwarded-Host")), host);
        }
        upstream.set("X-Forwarded-Proto", proto);
        if (host != null) {
            upstream.set("X-Forwarded-Host", host);
        }
        if (request.remoteAddress() != null) {
            upstream.set(
                    "X-Forwarded-For",
                    ForwardedFor.clientAddress(
                            request.getHeader("X-Forwarded-For"),
                            request.remoteAddress().hostAddress(),
                            trustedHops));
        }
    }

    private static String lastEntry(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String last = header.substring(header.lastIndexOf(',') + 1).strip();
        return last.isEmpty() ? null : last;
    }

    private void respond(RoutingContext ctx, HttpClientResponse upstream, Throwable failure) {
        if (upstream == null) {
            upstreamFailed(ctx, failure);
            return;
        }
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            return;
        }
        response.setStatusCode(upstream.statusCode());
        if (upstream.statusMessage() != null) {
            response.setStatusMessage(upstream.statusMessage());
        }
        MultiMap headers = response.headers();
        Set<String> named = connectionNamed(upstream.headers());
        for (Map.Entry<String, String> header : upstream.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !named.contains(name)) {
                headers.add(header.getKey(), header.getValue());
            }
        }
        apiHeaders(headers);
        int status = upstream.statusCode();
        boolean noBody =
                status == 204 || status == 304 || ctx.request().method().name().equals("HEAD");
        if (noBody) {
            upstream.body().onComplete(ignored -> response.end());
            return;
        }
        if (!headers.contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        response.send(upstream).onFailure(e -> {
            LOG.debugf("proxied response for %s broke off: %s", ctx.normalizedPath(), e.getMessage());
            response.reset();
        });
    }

    private void upstreamFailed(RoutingContext ctx, Throwable failure) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        if (isTimeout(failure)) {
            LOG.warnf("upstream timed out for %s %s", ctx.request().method(), ctx.normalizedPath());
            problem(ctx, 504, "Gateway Timeout", "The service behind this path did not answer in time.");
        } else {
            LOG.warnf(
                    "upstream unreachable for %s %s: %s",
                    ctx.request().method(), ctx.normalizedPath(), describe(failure));
            problem(ctx, 502, "Bad Gateway", "The service behind this path is not reachable.");
        }
    }

    /** The failure with its causes ("reset: 0 <- connection closed"): a reset names what broke the stream only there. */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "?";
        }
        StringBuilder text = new StringBuilder(failure.toString());
        for (Throwable cause = failure.getCause();
                cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        return text.toString();
    }

    /** A response that did not come in time (504), as opposed to an upstream that cannot be reached (502). */
    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof ConnectException || t instanceof UnknownHostException || name.startsWith("Connect")) {
                return false;
            }
            if (t instanceof TimeoutException || name.contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * API answers are never MIME-sniffed and, unless the service chose a cache policy itself (the JWKS does),
     * never stored: they carry personal data and tokens.
     */
    private static void apiHeaders(MultiMap headers) {
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.contains(HttpHeaders.CACHE_CONTROL)) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    private void problem(RoutingContext ctx, int status, String title, String detail) {
        Problem problem = Problem.of(status, title, detail).withInstance(ctx.normalizedPath());
        apiHeaders(ctx.response().headers());
        try {
            ctx.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(status).end();
        }
    }

    private static void copyRequestHeaders(HttpServerRequest request, MultiMap target) {
        Set<String> named = connectionNamed(request.headers());
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name) || name.equals("host") || name.startsWith(":")) {
                continue;
            }
            target.add(header.getKey(), header.getValue());
        }
    }

    /** Headers that the Connection header declares hop-by-hop for this message. */
    private static Set<String> connectionNamed(MultiMap headers) {
        String connection = headers.get(HttpHeaders.CONNECTION);
        if (connection == null || connection.isBlank()) {
            return Set.of();
        }
        return new HashSet<>(Arrays.asList(
                connection.toLowerCase(Locale.ROOT).replace(" ", "").split(",")));
    }
}
