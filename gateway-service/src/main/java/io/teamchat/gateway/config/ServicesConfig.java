package io.teamchat.gateway.config;

import io.smallrye.config.ConfigMapping;

/** Base URLs of the services behind the gateway ({@code chat.services.*}). */
@ConfigMapping(prefix = "chat.services")
public interface ServicesConfig {

    String authUrl();

    String roomUrl();

    String messageUrl();

    String presenceUrl();
}
