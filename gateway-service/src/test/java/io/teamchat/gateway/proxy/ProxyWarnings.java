package io.teamchat.gateway.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What {@link ApiProxy} logged at WARN while a request ran, so that a test's failure message names the upstream
 * failure behind a 502 (the build's summary shows the assertion message, not the log around it).
 */
record ProxyWarnings<T>(T result, List<String> warnings) {

    static <T> ProxyWarnings<T> during(Supplier<T> request) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    Object[] parameters = record.getParameters();
                    String message = record.getMessage();
                    warnings.add(parameters == null ? message : String.format(message, parameters));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ApiProxy.class.getName());
        logger.addHandler(recorder);
        try {
            return new ProxyWarnings<>(request.get(), warnings);
        } finally {
            logger.removeHandler(recorder);
        }
    }
}
