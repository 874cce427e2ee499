package io.teamchat.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.MessageConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Type;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Lets {@code @Incoming} methods take a record (e.g. {@code EventEnvelope}) instead of the entry's JSON text. */
@ApplicationScoped
public class JsonPayloadConverter implements MessageConverter {

    private final ObjectMapper mapper;

    @Inject
    public JsonPayloadConverter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean canConvert(Message<?> in, Type target) {
        return in.getPayload() instanceof String
                && in.getMetadata(RedisStreamMetadata.class).isPresent()
                && target != String.class
                && target != Object.class;
    }

    @Override
    public Message<?> convert(Message<?> in, Type target) {
        try {
            Object value = mapper.readValue((String) in.getPayload(), mapper.constructType(target));
            return in.withPayload(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("stream entry is not a valid " + target.getTypeName(), e);
        }
    }
}
