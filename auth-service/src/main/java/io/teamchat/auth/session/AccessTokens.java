package io.teamchat.auth.session;

import io.smallrye.jwt.build.Jwt;
import io.teamchat.auth.config.AuthConfig;
import io.teamchat.auth.config.JwtConfig;
import io.teamchat.auth.keys.SigningKeys;
import io.teamchat.auth.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.Claims;

/** Signs RS256 access tokens; the groups are read from the user at issue time. */
@ApplicationScoped
public class AccessTokens {

    @Inject
    AuthConfig config;

    @Inject
    JwtConfig jwtConfig;

    @Inject
    SigningKeys keys;

    public String issue(User user) {
        SigningKeys.ActiveKey key = keys.active();
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(jwtConfig.issuer())
                .audience(jwtConfig.audience())
                .subject(user.id.toString())
                .upn(user.username)
                .groups(user.admin ? Set.of("user", "admin") : Set.of("user"))
                .issuedAt(now)
                .expiresAt(now + lifetimeSeconds())
                .claim(Claims.jti.name(), UUID.randomUUID().toString())
                .jws()
                .keyId(key.kid())
                .sign(key.privateKey());
    }

    public long lifetimeSeconds() {
        return config.accessTokenTtl().toSeconds();
    }
}
