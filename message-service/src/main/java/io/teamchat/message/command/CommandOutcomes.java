package io.teamchat.message.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.NonBlocking;
import io.teamchat.common.events.EventEnvelope;
import io.teamchat.streams.EnvelopeReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Outcomes awaited by this replica's REST sends: every replica reads the events stream (no group) and completes
 * the commands it submitted, whichever replica applied them. Entries are only parsed while something is awaited.
 */
@ApplicationScoped
public class CommandOutcomes {

    private final Map<UUID, CompletableFuture<EventEnvelope>> awaited = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;

    public CommandOutcomes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    CompletableFuture<EventEnvelope> expect(UUID commandId) {
        return awaited.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    void forget(UUID commandId) {
        awaited.remove(commandId);
    }

    /** Runs on the reader's event loop: it only completes futures (a worker hop per event would cost more). */
    @Incoming("outcomes")
    @NonBlocking
    public void onEvent(String entry) {
        if (awaited.isEmpty()) {
            return;
        }
        EnvelopeReader.read(entry, mapper, "the events stream").ifPresent(event -> {
            JsonNode commandId = event.data() == null ? null : event.data().get("commandId");
            if (commandId == null || !commandId.isTextual()) {
                return;
            }
            CompletableFuture<EventEnvelope> outcome;
            try {
                outcome = awaited.remove(UUID.fromString(commandId.asText()));
            } catch (IllegalArgumentException notAnId) {
                return;
            }
            if (outcome != null) {
                outcome.complete(event);
            }
        });
    }
}
