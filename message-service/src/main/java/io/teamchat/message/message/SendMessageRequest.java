package io.teamchat.message.message;

/**
 * Body of {@code POST /api/rooms/{id}/messages}; checked by {@link MessageDraft#validated()}, like socket sends.
 * {@code parentId}: the message this replies to (docs/conversation.md, threads).
 */
public record SendMessageRequest(String content, String type, String clientMsgId, String parentId) {}
