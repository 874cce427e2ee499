package io.teamchat.message.message;

import java.util.UUID;

/**
 * Body of {@code POST /api/rooms/{id}/messages}; checked by {@link MessageDraft#validated()}, like socket sends. A
 * {@code file} or {@code image} message names the sender's upload in {@code attachmentId}. {@code parentId}: the
 * message this replies to (docs/conversation.md, threads).
 */
public record SendMessageRequest(String content, String type, String clientMsgId, UUID attachmentId, String parentId) {}
