package io.teamchat.streams;

/**
 * Where an incoming message came from: the stream key, the entry id Redis gave it, and the writer's W3C
 * traceparent (null when it wrote none; {@link TraceContext#restore} makes it a parent).
 */
public record RedisStreamMetadata(String stream, String entryId, String traceparent) {}
