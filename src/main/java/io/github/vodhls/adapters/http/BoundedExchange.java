package io.github.vodhls.adapters.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a deadline over the whole of it (the request timeout stops at the response headers; a body
 * that trickles is cut off too) and a bounded body, read for 200 answers only. Failures come back classified, so
 * each adapter words them (and decides on retries) itself.
 */
final class BoundedExchange {
    private BoundedExchange() {
    }

    /** Why an exchange produced no response. */
    enum Failure { TIMED_OUT, TOO_LARGE, UNREACHABLE, INTERRUPTED, FAILED }

    /** An exchange that produced no response; {@link #getCause()} is the underlying error, if any. */
    static final class ExchangeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Failure failure;

        ExchangeException(Failure failure, Throwable cause) {
            super(failure.name(), cause, false, false);
            this.failure = failure;
        }

        Failure failure() {
            return failure;
        }

        /** The simple class name of the cause, for log messages that must not carry bodies or URLs' queries. */
        String causeName() {
            return getCause() == null ? failure.name() : getCause().getClass().getSimpleName();
        }
    }

    /**
     * Sends {@code request}; a 200's body is read up to {@code maxBody} bytes, any other status has an empty body.
     * An interrupt cancels the exchange and keeps the thread's interrupt flag.
     */
    static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, Duration deadline, int maxBody)
            throws ExchangeException {
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, info -> info.statusCode() == 200
                ? new BoundedBody(maxBody) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            return pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new ExchangeException(Failure.TIMED_OUT, null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExchangeException(Failure.INTERRUPTED, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof BoundedBody.TooLargeException) {
                    throw new ExchangeException(Failure.TOO_LARGE, null);
                }
                if (t instanceof HttpTimeoutException) {
                    throw new ExchangeException(Failure.TIMED_OUT, cause);
                }
            }
            throw new ExchangeException(cause instanceof IOException ? Failure.UNREACHABLE : Failure.FAILED,
                    cause == null ? e : cause);
        }
    }
}
