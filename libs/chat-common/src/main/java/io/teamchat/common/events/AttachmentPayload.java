package io.teamchat.common.events;

import java.util.UUID;

/**
 * The file a {@code file} or {@code image} message carries, as clients see it. {@code contentType} is what the server
 * detected from the bytes; {@code url} is where it is downloaded; {@code width}, {@code height} and {@code thumbnailUrl}
 * only for images it could read.
 */
public record AttachmentPayload(
        UUID id,
        String name,
        long size,
        String contentType,
        String url,
        Integer width,
        Integer height,
        String thumbnailUrl) {}
