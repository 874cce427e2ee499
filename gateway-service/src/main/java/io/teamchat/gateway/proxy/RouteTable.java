package io.teamchat.gateway.proxy;

import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.upstream.UpstreamHttp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which service owns a path. Patterns are matched segment by segment: a literal, {@code *} for exactly one
 * segment, and a trailing {@code **} for any remaining segments including none ({@code /api/users/**} matches
 * {@code /api/users} and {@code /api/users/me}). The first matching route wins, so specific ones come first.
 */
public final class RouteTable {

    /** One route: its pattern's segments and the upstream base URL (no trailing slash). */
    public record Route(String pattern, String[] segments, String upstream) {}

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static RouteTable from(List<GatewayConfig.Proxy.Route> configured) {
        List<Route> routes = new ArrayList<>();
        for (GatewayConfig.Proxy.Route route : configured) {
            routes.add(route(route.pattern(), route.upstream()));
        }
        return new RouteTable(routes);
    }

    public static Route route(String pattern, String upstream) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
        }
        String[] segments = split(pattern);
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].equals("**")) {
                throw new IllegalArgumentException("'**' is only allowed at the end of a route pattern: " + pattern);
            }
        }
        String base = UpstreamHttp.baseUrl(upstream);
        return new Route(pattern, segments, base);
    }

    /** The upstream base URL for a (normalised) request path. */
    public Optional<String> upstreamFor(String path) {
        String[] segments = split(path);
        for (Route route : routes) {
            if (matches(route.segments(), segments)) {
                return Optional.of(route.upstream());
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String[] pattern, String[] path) {
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("**")) {
                return true;
            }
            if (i >= path.length) {
                return false;
            }
            if (!pattern[i].equals("*") && !pattern[i].equals(path[i])) {
                return false;
            }
        }
        return pattern.length == path.length;
    }

    private static String[] split(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
