package io.teamchat.gateway.socket;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Plain HTTP requests to {@code /socket.io/} (the Engine.IO polling transport) get Engine.IO's own
 * "Transport unknown" error instead of a bare 404: this gateway speaks the websocket transport only.
 */
@ApplicationScoped
public class PollingRejection {

    void install(@Observes Router router) {
        router.route("/socket.io/*")
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(400)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"code\":0,\"message\":\"Transport unknown\"}");
    }
}
