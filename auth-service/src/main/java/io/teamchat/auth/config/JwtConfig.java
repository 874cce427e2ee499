package io.teamchat.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code chat.jwt.*}: settings every service shares about access tokens. */
@ConfigMapping(prefix = "chat.jwt")
public interface JwtConfig {

    @WithDefault("teamchat")
    String issuer();

    /** The {@code aud} of access tokens; every service accepts only tokens meant for it. */
    @WithDefault("teamchat")
    String audience();
}
