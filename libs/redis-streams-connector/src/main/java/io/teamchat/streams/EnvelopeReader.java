package io.teamchat.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.teamchat.common.events.EventEnvelope;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a stream entry's JSON as an {@link EventEnvelope}: the one way consumers parse entries. {@code @Incoming}
 * methods take the entry as a {@code String} and call this, because an entry that cannot be read (not JSON, or a
 * type this version does not know, e.g. written by a newer service) must be skipped and acked; a failing payload
 * conversion would end the channel instead.
 */
public final class EnvelopeReader {

    private static final Logger LOG = Logger.getLogger(EnvelopeReader.class);

    private EnvelopeReader() {}

    /** The envelope, or empty (logged) when the entry is unreadable or of an unknown type. */
    public static Optional<EventEnvelope> read(String json, ObjectMapper mapper, String stream) {
        try {
            return Optional.of(mapper.readValue(json, EventEnvelope.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("skipping an unreadable entry on %s: %s", stream, e.getMessage());
            return Optional.empty();
        }
    }
}
