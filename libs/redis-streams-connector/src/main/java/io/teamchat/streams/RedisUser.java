package io.teamchat.streams;

import io.quarkus.arc.Unremovable;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connects as the service's own Redis ACL user (docs/security.md, "Privileges per service"): {@code chat.redis.user}
 * ({@code REDIS_USER}) and {@code chat.redis.password} ({@code REDIS_PASSWORD}) are put into every endpoint, the one
 * place the Vert.x Redis client (4.5) takes both from (it ignores {@code quarkus.redis.password} once a user is in
 * the URI). Without them the endpoints stay as they are (the default user, no AUTH), and an endpoint that names a
 * user itself keeps it.
 */
@ApplicationScoped
@Unremovable
public class RedisUser implements RedisOptionsCustomizer {

    private final Optional<String> user;
    private final Optional<String> password;

    RedisUser(
            @ConfigProperty(name = "chat.redis.user") Optional<String> user,
            @ConfigProperty(name = "chat.redis.password") Optional<String> password) {
        this.user = user.map(String::strip).filter(name -> !name.isEmpty());
        this.password = password.filter(secret -> !secret.isEmpty());
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        if (user.isEmpty() && password.isEmpty()) {
            return;
        }
        String name = user.orElse("default");
        options.setEndpoints(options.getEndpoints().stream()
                .map(endpoint -> withUser(endpoint, name, password.orElse(null)))
                .toList());
    }

    /** The endpoint with {@code user} (and {@code password}, when given) in it, encoded as the client decodes them. */
    static String withUser(String endpoint, String user, String password) {
        URI uri = URI.create(endpoint);
        if (uri.getRawUserInfo() != null) {
            return endpoint;
        }
        String userInfo = encode(user) + (password == null ? "" : ":" + encode(password));
        return uri.getScheme() + "://" + userInfo + "@" + uri.getRawAuthority() + rest(uri);
    }

    private static String rest(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
