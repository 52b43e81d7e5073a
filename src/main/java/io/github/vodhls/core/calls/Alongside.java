package io.github.vodhls.core.calls;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs a check alongside the main work of a request, so that their remote calls cost one round trip of latency
 * instead of two: the check on a bounded executor, the main work on the calling thread. The outcome is as if the
 * check had run first: its failure wins over anything the main work did or threw, and the main work's result is
 * returned only when both succeeded. So the main work may only do what is harmless when the check then refuses the
 * request (e.g. spend one of the token's uses), and must not hand anything out itself.
 *
 * <p>When the executor is busy (it rejects the task), the check runs first on the calling thread: slower, same
 * outcome. {@link #inline()} always does that.
 */
public final class Alongside {
    private final Executor executor;

    /** @param executor a bounded executor that rejects work it cannot start at once */
    public Alongside(Executor executor) {
        this.executor = executor;
    }

    /** Checks first, then the main work, on the calling thread. */
    public static Alongside inline() {
        return new Alongside(null);
    }

    /**
     * Runs {@code check} and {@code main} at once; throws the check's failure if it failed, else the main work's,
     * else returns the main work's result. Waits for both.
     */
    public <T> T run(Runnable check, Supplier<T> main) {
        RemoteCalls invocation = RemoteCalls.current();
        RemoteCalls branch = invocation == null ? null : invocation.branch();
        FutureTask<Void> task = new FutureTask<>(() -> RemoteCalls.within(branch, check), null);
        boolean started = false;
        if (executor != null) {
            try {
                executor.execute(task);
                started = true;
            } catch (RejectedExecutionException busy) {
                started = false;
            }
        }
        if (!started) {
            check.run(); // a failure here stops the request before the main work, as without this class
            return main.get();
        }
        int[] atFork = invocation == null ? null : invocation.roundTripsNow();
        T result = null;
        RuntimeException mainFailure = null;
        try {
            result = main.get();
        } catch (RuntimeException e) {
            mainFailure = e;
        }
        try {
            task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("check failed: " + cause.getClass().getName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                    "interrupted while waiting for the store");
        } finally {
            if (invocation != null) {
                invocation.join(branch, atFork);
            }
        }
        if (mainFailure != null) {
            throw mainFailure;
        }
        return result;
    }
}
