package io.teamchat.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * auth-service: an account was disabled at {@code disabledAt}. Gateways close its sockets and refuse its access tokens
 * issued before that moment for as long as such a token can live.
 */
public record UserDisabled(UUID userId, Instant disabledAt) {}
