package io.teamchat.common.events;

/** message-service: a message was edited; {@code message} is the stored state after the edit. */
public record MessageUpdated(MessagePayload message) {}
