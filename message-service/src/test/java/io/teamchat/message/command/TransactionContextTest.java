package io.teamchat.message.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A Redis call awaited inside a JTA transaction (the command batches' membership reads, OwnWrites) must not take the
 * transaction onto the Vert.x thread that completes it: two threads in one transaction make its commit fail at
 * random ("Enlisted connection used without active transaction", ARJUNA016039). libs/chat-common's
 * microprofile-config.properties clears the transaction from Mutiny's callbacks.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class TransactionContextTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    TransactionManager transactions;

    @ConfigProperty(name = "chat.streams.prefix")
    String prefix;

    @Test
    void aRedisCallbackAwaitedInsideATransactionRunsOutsideIt() {
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        AtomicReference<Transaction> seenByCallback = new AtomicReference<>();
        AtomicReference<Transaction> ours = new AtomicReference<>();
        QuarkusTransaction.requiringNew().run(() -> {
            ours.set(current());
            redis.value(String.class)
                    .get(prefix + "test:tx-context")
                    .map(value -> {
                        callbackThread.set(Thread.currentThread());
                        seenByCallback.set(current());
                        return value;
                    })
                    .await()
                    .atMost(Duration.ofSeconds(5));
            // ours again once the await is over, whatever the callback did
            assertEquals(ours.get(), current());
        });
        assertNotNull(ours.get());
        assertNotEquals(Thread.currentThread(), callbackThread.get(), "the reply is handled on a Vert.x thread");
        assertNull(seenByCallback.get(), "the transaction followed the callback onto " + callbackThread.get());
    }

    private Transaction current() {
        try {
            return transactions.getTransaction();
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }
}
