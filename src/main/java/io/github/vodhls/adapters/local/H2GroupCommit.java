package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for {@link H2Database}: concurrent small writes (use consumes, session extensions) share one
 * transaction and one durable write instead of each making H2 write its store (alone, a store write per consume
 * capped the store at about a thousand consumes a second whatever the number of callers).
 *
 * <p>One committer thread takes whatever work is waiting (up to {@link #MAX_BATCH}), runs it in order on one
 * connection in one transaction, commits, appends what each piece left behind to the {@link H2UseJournal} in one
 * write, and only then hands each caller its result: a caller returns only once its write is in the journal file, so
 * an answer given on it survives a killed process. While a batch is being written, new work queues up and goes into
 * the next one, so batches grow with the load and a lone caller waits for nothing but its own batch. Each piece of
 * work sees the ones before it in the batch (a token consumed twice in one batch counts twice, its limit holds). If
 * any piece fails, the batch is rolled back and every piece is run again alone, so one failure answers only its own
 * caller. When the journal has grown past its limit ({@link #JOURNAL_LIMIT_BYTES} by default), the committer has H2 write its store (which
 * then holds everything the journal records) and empties the journal, between batches.
 */
final class H2GroupCommit implements AutoCloseable {
    static final int MAX_BATCH = 256;
    /** Longest a caller waits for its batch (H2's lock timeout is 10 s, the pool's 30 s): then 503, never a hang. */
    static final int WAIT_SECONDS = 60;
    /** Default journal size past which H2 writes its store and the journal is emptied. */
    static final long JOURNAL_LIMIT_BYTES = 4L * 1024 * 1024;

    /** Gives connections for the batches (the database's pool). */
    interface Connections {
        Connection get() throws SQLException;
    }

    private static final class Pending<T> {
        final String operation;
        final SharedWork<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(String operation, SharedWork<T> work) {
            this.operation = operation;
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }
    }

    /** Has H2 write everything committed so far to its file. */
    interface Flush {
        void flush(Connection connection) throws SQLException;
    }

    /** A shared write: runs in the batch's transaction and journals the state it left behind. */
    @FunctionalInterface
    interface SharedWork<T> {
        T run(Batch batch) throws SQLException;
    }

    /** What a piece of shared work sees: the batch's statements and its journal. */
    interface Batch {
        /**
         * A prepared statement for {@code sql} on the batch's connection, prepared once and reused by later batches
         * (the caller sets every parameter and must not close it).
         */
        PreparedStatement statement(String sql) throws SQLException;

        /** Records the state a write left a token in, to be journaled before the callers are answered. */
        void journal(H2UseJournal.Entry entry);
    }

    /** The committer's connection with its prepared statements and the entries of the batch being run. */
    private static final class Session implements Batch, AutoCloseable {
        final Connection connection;
        final Map<String, PreparedStatement> statements = new HashMap<>();
        final List<H2UseJournal.Entry> entries = new ArrayList<>();

        Session(Connection connection) {
            this.connection = connection;
        }

        @Override
        public PreparedStatement statement(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        @Override
        public void journal(H2UseJournal.Entry entry) {
            entries.add(entry);
        }

        @Override
        public void close() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // closing the connection below releases it too
                }
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // returned to the pool either way
            }
        }
    }

    private final Connections connections;
    private final Flush flush;
    private final H2UseJournal journal;
    private final long journalLimitBytes;
    /** The committer thread's own; replaced after a failure that may have broken it. */
    private Session session;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread committer;

    H2GroupCommit(Connections connections, Flush flush, H2UseJournal journal, long journalLimitBytes) {
        this.connections = connections;
        this.flush = flush;
        this.journal = journal;
        this.journalLimitBytes = journalLimitBytes;
        this.committer = new Thread(this::commitLoop, "h2-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    /**
     * Runs {@code work} in the next shared transaction and returns its result once that transaction is committed.
     *
     * @throws DependencyUnavailableException STORE_UNAVAILABLE if the work or the commit failed, or the store closed
     */
    <T> T call(String operation, SharedWork<T> work) {
        if (closed.get()) {
            throw H2Database.closedStore();
        }
        if (!committer.isAlive()) {
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                    "the local store's committer has stopped");
        }
        Pending<T> pending = new Pending<>(operation, work);
        queue.add(pending);
        if (closed.get() && queue.remove(pending)) {
            throw H2Database.closedStore();
        }
        try {
            return pending.result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                    "the local store did not " + operation + " within " + WAIT_SECONDS + " s");
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
            } catch (Error e) {
                // The committer must outlive any one batch: callers wait on it
                fail(batch, new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                        "the local store's committer failed: " + e.getClass().getName()));
                discardSession();
            } finally {
                batch.clear();
            }
        }
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, H2Database.closedStore());
        discardSession();
    }

    private void discardSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void runBatch(List<Pending<?>> batch) {
        Session current;
        try {
            current = session();
        } catch (SQLException e) {
            for (Pending<?> pending : batch) {
                pending.result.completeExceptionally(H2Database.unavailable(pending.operation, e));
            }
            return;
        }
        Connection connection = current.connection;
        try {
            List<Object> results = new ArrayList<>(batch.size());
            current.entries.clear();
            connection.setAutoCommit(false);
            boolean pieceFailed = false;
            try {
                for (Pending<?> pending : batch) {
                    results.add(pending.work.run(current));
                }
            } catch (SQLException | RuntimeException e) {
                pieceFailed = true;
            }
            if (pieceFailed) {
                // Nothing was committed: roll back (a failing rollback leaves the connection unusable: discard it and
                // fail the batch rather than let setAutoCommit(true) commit half of it)
                connection.rollback();
                connection.setAutoCommit(true);
            } else {
                // A commit that throws may have committed (H2 commits, then runs its own follow-ups): never rerun,
                // fail the batch (the uses may be spent, no key leaves without one)
                connection.commit();
                connection.setAutoCommit(true);
                append(connection, current.entries);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).complete(results.get(i));
                }
                rotateIfLarge(connection);
                return;
            }
            // One piece failed: each again on its own, so only its caller hears of it
            for (Pending<?> pending : batch) {
                current.entries.clear();
                try {
                    Object result = pending.work.run(current);
                    append(connection, current.entries);
                    pending.complete(result);
                } catch (SQLException e) {
                    pending.result.completeExceptionally(H2Database.unavailable(pending.operation, e));
                } catch (RuntimeException e) {
                    pending.result.completeExceptionally(e);
                }
            }
        } catch (SQLException e) {
            // The connection itself may be broken: the next batch starts on a new one
            current.close();
            session = null;
            for (Pending<?> pending : batch) {
                if (!pending.result.isDone()) {
                    pending.result.completeExceptionally(H2Database.unavailable(pending.operation, e));
                }
            }
        }
    }

    private Session session() throws SQLException {
        if (session == null) {
            session = new Session(connections.get());
        }
        return session;
    }

    /**
     * Journals {@code entries}; if the journal cannot be written, has H2 write its store instead, which then holds
     * everything the journal records, and empties the journal (so a cut-off write leaves nothing behind).
     */
    private void append(Connection connection, List<H2UseJournal.Entry> entries) throws SQLException {
        try {
            journal.append(entries);
        } catch (IOException e) {
            flush.flush(connection);
            try {
                journal.truncate();
            } catch (IOException again) {
                // later appends fail the same way and are flushed the same way
            }
        }
    }

    private void rotateIfLarge(Connection connection) {
        try {
            if (journal.size() > journalLimitBytes) {
                flush.flush(connection);
                journal.truncate();
            }
        } catch (IOException | SQLException e) {
            // The journal keeps growing and is replayed whole at the next open; the next batch tries again
        }
    }

    private static void fail(List<Pending<?>> batch, RuntimeException failure) {
        for (Pending<?> pending : batch) {
            pending.result.completeExceptionally(failure);
        }
    }

    /**
     * Runs what is queued, fails what comes after, and stops the committer, waiting for it up to
     * {@link #WAIT_SECONDS} (a batch waits at most that long for H2).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                committer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Pending<?>> left = new ArrayList<>();
            queue.drainTo(left);
            fail(left, H2Database.closedStore());
        }
    }

    /** Whether the committer has stopped: only then may others touch the journal. */
    boolean stopped() {
        return !committer.isAlive();
    }
}
