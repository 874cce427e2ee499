package io.teamchat.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.providers.helpers.MultiUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * SmallRye Reactive Messaging connector for Redis streams, so services declare channels in configuration:
 *
 * <pre>
 * mp.messaging.incoming.commands.connector=redis-streams
 * mp.messaging.incoming.commands.stream=chat:commands
 * mp.messaging.incoming.commands.group=message-service
 * mp.messaging.outgoing.events.connector=redis-streams
 * mp.messaging.outgoing.events.stream=chat:events
 * </pre>
 *
 * Each entry carries its JSON in the field {@code payload} and the writer's trace in {@code traceparent}
 * ({@link TraceContext}). Outgoing payloads that are not strings are written
 * as JSON; the outgoing message is acked once XADD returned, so an emitter's future means "in the stream".
 */
@ApplicationScoped
@Connector(RedisStreamsConnector.NAME)
public class RedisStreamsConnector implements InboundConnector, OutboundConnector {

    public static final String NAME = "redis-streams";

    private final ReactiveStreamCommands<String, String, String> commands;
    private final ObjectMapper mapper;
    private final List<StreamReader> readers = new CopyOnWriteArrayList<>();

    @Inject
    public RedisStreamsConnector(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.commands = redis.stream(String.class, String.class, String.class);
        this.mapper = mapper;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        StreamReader reader = new StreamReader(commands, InboundSettings.from(config));
        readers.add(reader);
        return reader.messages();
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        OutboundSettings settings = OutboundSettings.from(config);
        XAddArgs args = new XAddArgs().maxlen(settings.maxLength()).nearlyExactTrimming();
        return MultiUtils.via(
                messages -> messages.onItem().transformToUniAndConcatenate(message -> append(settings, args, message)));
    }

    void stopReading(@Observes ShutdownEvent event) {
        readers.forEach(StreamReader::stop);
    }

    private Uni<Void> append(OutboundSettings settings, XAddArgs args, Message<?> message) {
        String json;
        try {
            json = message.getPayload() instanceof String text ? text : mapper.writeValueAsString(message.getPayload());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().completionStage(message.nack(e));
        }
        String stream = settings.stream();
        if (settings.partitions() > 0) {
            PartitionKey key = message.getMetadata(PartitionKey.class).orElse(null);
            if (key == null || key.value() == null) {
                return Uni.createFrom()
                        .completionStage(message.nack(new IllegalArgumentException("channel " + settings.channel()
                                + " is partitioned: the message needs a PartitionKey")));
            }
            stream = StreamPartitions.keyOf(stream, key.value(), settings.partitions());
        }
        Map<String, String> fields = new HashMap<>(4);
        fields.put("payload", json);
        message.getMetadata(TraceContext.Outgoing.class)
                .map(TraceContext.Outgoing::traceparent)
                .ifPresent(traceparent -> fields.put(TraceContext.FIELD, traceparent));
        return commands.xadd(stream, args, fields)
                .onItemOrFailure()
                .transformToUni((id, failure) ->
                        Uni.createFrom().completionStage(failure == null ? message.ack() : message.nack(failure)));
    }
}
