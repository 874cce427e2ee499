package io.teamchat.gateway.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import java.util.concurrent.TimeoutException;

/**
 * How long a proxied request waits for the service's answer, counted from the moment the request has gone up, on a
 * timer of its own. Vert.x's idle timeout cannot be disarmed: armed after an early answer (a service refusing an
 * upload before reading it) it would fire on the finished exchange and close its pooled connection under the next
 * request to take it (a 502). {@link #start} and {@link #answered} may come in either order, on different threads.
 */
final class AnswerDeadline {

    private final Vertx vertx;
    private final HttpClientRequest request;
    private final long timeoutMs;
    private boolean answered;
    private long timer = -1;

    AnswerDeadline(Vertx vertx, HttpClientRequest request, long timeoutMs) {
        this.vertx = vertx;
        this.request = request;
        this.timeoutMs = timeoutMs;
    }

    /** The request has gone up: without an answer within the timeout it is reset (a 504). */
    synchronized void start() {
        if (!answered) {
            timer = vertx.setTimer(timeoutMs, fired -> expire());
        }
    }

    /** The answer came: the timer, if started, ends here. */
    synchronized void answered() {
        answered = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void expire() {
        synchronized (this) {
            if (answered) {
                return;
            }
        }
        request.reset(0, new TimeoutException("no answer within " + timeoutMs + " ms"));
    }
}
