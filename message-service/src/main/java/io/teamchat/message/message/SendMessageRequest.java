package io.teamchat.message.message;

/** Body of {@code POST /api/rooms/{id}/messages}; checked by {@link MessageDraft#validated()}, like socket sends. */
public record SendMessageRequest(String content, String type, String clientMsgId) {}
