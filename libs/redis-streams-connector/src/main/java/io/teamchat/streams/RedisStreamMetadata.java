package io.teamchat.streams;

/** Where an incoming message came from: the stream key and the entry id Redis gave it. */
public record RedisStreamMetadata(String stream, String entryId) {}
