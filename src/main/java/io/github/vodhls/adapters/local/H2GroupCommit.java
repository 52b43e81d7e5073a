package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for {@link H2Database}: concurrent small writes (use consumes) share one transaction and one commit
 * instead of each writing the file on its own ({@code WRITE_DELAY=0} makes every commit a write of the store; alone,
 * that capped the store at about a thousand consumes a second whatever the number of callers).
 *
 * <p>One committer thread takes whatever work is waiting (up to {@link #MAX_BATCH}), runs it in order on one
 * connection in one transaction, commits, and only then hands each caller its result: a caller returns only once its
 * write is in the file, so an answer given on it survives a killed process. While a commit is being written, new
 * work queues up and goes into the next one, so batches grow with the load and a lone caller waits for nothing but
 * its own commit. Each piece of work sees the ones before it in the batch (a token consumed twice in one batch counts
 * twice, its limit holds). If any piece fails, the batch is rolled back and every piece is run again alone, so one
 * failure answers only its own caller.
 */
final class H2GroupCommit implements AutoCloseable {
    static final int MAX_BATCH = 256;

    /** Gives connections for the batches (the database's pool). */
    interface Connections {
        Connection get() throws SQLException;
    }

    private static final class Pending<T> {
        final String operation;
        final H2Database.SqlWork<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(String operation, H2Database.SqlWork<T> work) {
            this.operation = operation;
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }
    }

    private final Connections connections;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread committer;

    H2GroupCommit(Connections connections) {
        this.connections = connections;
        this.committer = new Thread(this::commitLoop, "h2-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Runs {@code work} in the next shared transaction and returns its result once that transaction is committed.
     *
     * @throws DependencyUnavailableException STORE_UNAVAILABLE if the work or the commit failed, or the store closed
     */
    <T> T call(String operation, H2Database.SqlWork<T> work) {
        if (closed.get()) {
            throw H2Database.closedStore();
        }
        Pending<T> pending = new Pending<>(operation, work);
        queue.add(pending);
        if (closed.get() && queue.remove(pending)) {
            throw H2Database.closedStore();
        }
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                    "interrupted waiting for the local store to " + operation);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("unexpected failure of a group commit", cause);
        }
    }

    private void commitLoop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed.get() || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                fail(batch, e);
            } finally {
                batch.clear();
            }
        }
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, H2Database.closedStore());
    }

    private void runBatch(List<Pending<?>> batch) {
        try (Connection connection = connections.get()) {
            List<Object> results = new ArrayList<>(batch.size());
            boolean committed = false;
            connection.setAutoCommit(false);
            try {
                for (Pending<?> pending : batch) {
                    results.add(pending.work.run(connection));
                }
                connection.commit();
                committed = true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
            }
            if (committed) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results.get(i));
                }
                return;
            }
            // One piece failed (or the commit did): each again on its own, so only its caller hears of it
            for (Pending<?> pending : batch) {
                try {
                    pending.complete(pending.work.run(connection));
                } catch (SQLException e) {
                    pending.result.completeExceptionally(H2Database.unavailable(pending.operation, e));
                } catch (RuntimeException e) {
                    pending.result.completeExceptionally(e);
                }
            }
        } catch (SQLException e) {
            for (Pending<?> pending : batch) {
                pending.result.completeExceptionally(H2Database.unavailable(pending.operation, e));
            }
        }
    }

    private static void fail(List<Pending<?>> batch, RuntimeException failure) {
        for (Pending<?> pending : batch) {
            pending.result.completeExceptionally(failure);
        }
    }

    /** Runs what is queued, fails what comes after, and stops the committer (waiting up to 5 s). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                committer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Pending<?>> left = new ArrayList<>();
            queue.drainTo(left);
            fail(left, H2Database.closedStore());
        }
    }
}
