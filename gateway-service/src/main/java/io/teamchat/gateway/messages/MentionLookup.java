package io.teamchat.gateway.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.teamchat.common.messages.Mentions;
import io.teamchat.gateway.config.GatewayConfig;
import io.teamchat.gateway.config.ServicesConfig;
import io.teamchat.gateway.socket.AuthUser;
import io.teamchat.gateway.upstream.UpstreamHttp;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * For a socket send: the users the content's {@code @username}s name ({@code GET /api/users?usernames=} in
 * auth-service, with the sender's token), put on the command as candidates; message-service keeps the members among
 * them when it stores the message (docs/conversation.md, "Mentions"). A failed lookup sends without mentions.
 */
@ApplicationScoped
public class MentionLookup {

    private static final Logger LOG = Logger.getLogger(MentionLookup.class);

    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final String authUrl;
    private final Duration timeout;

    public MentionLookup(UpstreamHttp http, ObjectMapper mapper, ServicesConfig services, GatewayConfig config) {
        this.http = http;
        this.mapper = mapper;
        this.authUrl = UpstreamHttp.baseUrl(services.authUrl());
        this.timeout = config.roomDetailsTimeout();
    }

    public Uni<List<UUID>> candidates(AuthUser user, String content) {
        Set<String> names = Mentions.usernames(content);
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String uri =
                authUrl + "/api/users?usernames=" + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8);
        return http.callAsUser(HttpMethod.GET, uri, user.token(), null, timeout)
                .map(answer -> {
                    if (answer.status() != 200) {
                        throw new IllegalStateException("auth-service answered " + answer.status());
                    }
                    List<UUID> ids = new ArrayList<>();
                    try {
                        for (JsonNode found : mapper.readTree(answer.body().toString())) {
                            ids.add(UUID.fromString(found.path("id").asText()));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("auth-service answered users that are not JSON", e);
                    }
                    return ids;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("mention lookup failed; sending without mentions: %s", failure.getMessage());
                    return List.of();
                });
    }
}
