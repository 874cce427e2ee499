package io.teamchat.message.message;

/** Body of {@code PATCH /api/messages/{id}}; the content follows the rules of a send. */
public record EditMessageRequest(String content) {}
