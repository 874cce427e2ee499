package io.teamchat.common.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void tooManyConnectionsDeepInTheChainIsUnavailable() {
        // As Hibernate reports it: GenericJDBCException(cause: PSQLException "remaining connection slots ..." 53300).
        var error = new RuntimeException(
                "Unable to acquire JDBC Connection", new SQLException("remaining connection slots", "53300"));
        assertTrue(DatabaseUnavailable.isCause(error));
    }

    @Test
    void connectionFailureAndShutdownAreUnavailable() {
        assertTrue(DatabaseUnavailable.isCause(new SQLException("connection refused", "08001")));
        assertTrue(DatabaseUnavailable.isCause(new SQLException("terminating connection", "57P01")));
    }

    @Test
    void poolAcquisitionTimeoutIsUnavailable() {
        var error = new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException());
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(error)));
    }

    @Test
    void constraintViolationsAndOtherErrorsAreBugsNotOverload() {
        assertFalse(DatabaseUnavailable.isCause(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.isCause(new SQLException("no state")));
        assertFalse(DatabaseUnavailable.isCause(new IllegalStateException("bug")));
    }
}
