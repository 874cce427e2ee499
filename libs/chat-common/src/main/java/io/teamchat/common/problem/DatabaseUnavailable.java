package io.teamchat.common.problem;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * Tells an overloaded or unreachable database (answered 503, retry later) from a bug (500). Recognised anywhere in
 * the cause chain: SQLSTATE class 08 (connection exception), 53 (insufficient resources, e.g. too many
 * connections) and 57P (server shutting down), and a connection pool that timed out waiting for a free connection
 * (Agroal throws an SQLException caused by a TimeoutException).
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {}

    public static boolean isCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql
                    && (isUnavailableState(sql.getSQLState()) || sql.getCause() instanceof TimeoutException)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailableState(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08") || sqlState.startsWith("53") || sqlState.startsWith("57P"));
    }
}
