package io.teamchat.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.teamchat.common.redis.PipelinedRedis;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
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
 * ({@link TraceContext}). Outgoing payloads that are not strings are written as JSON, in pipelined batches
 * ({@link BatchingAppender}); the outgoing message is acked once its XADD returned, so an emitter's future means
 * "in the stream".
 */
@ApplicationScoped
@Connector(RedisStreamsConnector.NAME)
public class RedisStreamsConnector implements InboundConnector, OutboundConnector {

    public static final String NAME = "redis-streams";

    private final ReactiveStreamCommands<String, String, String> commands;
    private final ObjectMapper mapper;
    private final Redis redis;
    private final List<StreamReader> readers = new CopyOnWriteArrayList<>();

    @Inject
    public RedisStreamsConnector(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.commands = redis.stream(String.class, String.class, String.class);
        this.redis = redis.getRedis();
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
        // A connection per channel, not the pool: the pool holds a connection per batch's whole round trip, and a
        // batch writes up to one pipelined XADD batch per partition at once (docs/benchmarks.md, "The gateway's
        // stream writes off the pool").
        return new BatchingAppender(new PipelinedRedis(redis), mapper, OutboundSettings.from(config));
    }

    void stopReading(@Observes ShutdownEvent event) {
        readers.forEach(StreamReader::stop);
    }
}
