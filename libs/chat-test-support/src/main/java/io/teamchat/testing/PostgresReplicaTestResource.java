package io.teamchat.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A private PostgreSQL primary with a streaming hot-standby replica ({@link PostgresReplica}) for a
 * {@code @QuarkusTest}: the default datasource points at the primary, the datasource named {@code replica} at the
 * replica, and fields of type {@link PostgresReplica} in the test get the handle. Both servers are stopped and their
 * directories removed afterwards. Redis and tokens still come from {@link ChatStoresTestResource}; this resource
 * starts after it ({@link #order()}) so its datasource URL wins over that one's.
 *
 * <p>Use with {@code @WithTestResource(PostgresReplicaTestResource.class)} and
 * {@code @ExtendWith(PostgresReplicaTestResource.ServerBinaries.class)}, which skips the class (with the reason)
 * before Quarkus starts when the server binaries are not installed.
 */
public class PostgresReplicaTestResource implements QuarkusTestResourceLifecycleManager {

    static final String MISSING =
            "PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup, postgres) not found in TEST_PG_BIN or"
                    + " /usr/lib/postgresql/<version>/bin: the streaming-replica tests need them";

    private PostgresReplica servers;

    @Override
    public Map<String, String> start() {
        Path bin = PostgresReplica.serverBinaries().orElseThrow(() -> new TestAbortedException(MISSING));
        servers = PostgresReplica.start(bin);
        return Map.of(
                "quarkus.datasource.jdbc.url", servers.primaryUrl(),
                "quarkus.datasource.username", servers.user(),
                "quarkus.datasource.password", "",
                "quarkus.datasource.replica.jdbc.url", servers.replicaUrl(),
                "quarkus.datasource.replica.username", servers.user(),
                "quarkus.datasource.replica.password", "");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(servers, new TestInjector.MatchesType(PostgresReplica.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.destroy();
        }
    }

    @Override
    public int order() {
        return 100;
    }

    /** Skips a test class, saying why, when the PostgreSQL server binaries are not installed. */
    public static class ServerBinaries implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean annotatedClass = context.getElement()
                    .map(AnnotatedElement.class::cast)
                    .filter(Class.class::isInstance)
                    .isPresent();
            if (!annotatedClass || PostgresReplica.serverBinaries().isPresent()) {
                return ConditionEvaluationResult.enabled("PostgreSQL server binaries installed");
            }
            return ConditionEvaluationResult.disabled(MISSING);
        }
    }
}
