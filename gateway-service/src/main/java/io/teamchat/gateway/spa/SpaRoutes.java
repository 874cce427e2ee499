package io.teamchat.gateway.spa;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.teamchat.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Serves the built SPA from {@code chat.gateway.spa-dir}: real files as they are, {@code index.html} for any
 * other GET that is not the API, {@code /q}, or the socket (client-side routing). Hashed files under
 * {@code assets/} are cached for a year; everything else is revalidated. The directory is looked up per request,
 * so building the frontend after the gateway started just works; without it a plain page says how to build it.
 */
@ApplicationScoped
public class SpaRoutes {

    private static final Logger LOG = Logger.getLogger(SpaRoutes.class);

    /**
     * Everything from this origin only. 'self' covers the socket's ws:/wss: to this host (CSP level 3), so no other
     * host can be reached even by injected script; styles come only from the built CSS files (the SPA sets none
     * inline); images may also be https avatars (users' avatar URLs are https only).
     */
    static final String CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; "
            + "img-src 'self' data: blob: https:; style-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final String NOT_BUILT = """
            The Teamchat web app is not built yet.

            Build it with:  cd frontend && npm ci && npm run build
            or point SPA_DIR (chat.gateway.spa-dir) at a directory that holds index.html.

            The API (/api), the socket (/socket.io/) and health (/q/health) work without it.
            """;
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"));

    private final Path root;

    public SpaRoutes(GatewayConfig config) {
        this.root = Path.of(config.spaDir()).toAbsolutePath().normalize();
    }

    void install(@Observes Router router) {
        // Just after the proxy, ahead of Quarkus REST; /q, /api and /socket.io/ pass through untouched.
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1).handler(this::handle);
        LOG.infof("serving the SPA from %s", root);
    }

    static boolean isReserved(String path) {
        return path.equals("/api")
                || path.startsWith("/api/")
                || path.equals("/q")
                || path.startsWith("/q/")
                || path.startsWith("/socket.io")
                || path.startsWith("/.well-known/");
    }

    private void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        String path = ctx.normalizedPath();
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || isReserved(path)) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        securityHeaders(response);
        if (!Files.isDirectory(root) || !Files.isRegularFile(root.resolve("index.html"))) {
            if (looksLikeFile(path) && !path.equals("/index.html")) {
                notFound(response);
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .end(method == HttpMethod.HEAD ? "" : NOT_BUILT);
            }
            return;
        }
        Path file = root.resolve(path.substring(1)).normalize();
        if (file.startsWith(root) && Files.isRegularFile(file)) {
            send(ctx, file, isHashedAsset(path) ? IMMUTABLE : "no-cache");
        } else if (looksLikeFile(path)) {
            // A missing script or image must not come back as HTML.
            notFound(response);
        } else {
            send(ctx, root.resolve("index.html"), "no-cache");
        }
    }

    private void send(RoutingContext ctx, Path file, String cacheControl) {
        HttpServerResponse response = ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType(file))
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (ctx.request().method() == HttpMethod.HEAD) {
            try {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(Files.size(file)))
                        .end();
            } catch (java.io.IOException e) {
                notFound(response);
            }
            return;
        }
        response.sendFile(file.toString()).onFailure(e -> {
            LOG.debugf("sending %s failed: %s", file, e.getMessage());
            if (!response.headWritten()) {
                notFound(response);
            }
        });
    }

    private static void securityHeaders(HttpServerResponse response) {
        response.putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("Referrer-Policy", "no-referrer");
    }

    private static void notFound(HttpServerResponse response) {
        response.setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end("Not found\n");
    }

    /** Vite puts content-hashed bundles under /assets/: their URL changes whenever their bytes do. */
    private static boolean isHashedAsset(String path) {
        return path.startsWith("/assets/");
    }

    private static boolean looksLikeFile(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.contains(".");
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }
}
