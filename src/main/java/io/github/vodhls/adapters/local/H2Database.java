package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The local stack's embedded store: one H2 database in file mode, {@code <dataDir>/store.mv.db}, shared by
 * {@link H2TokenStore}, {@link H2VideoKeyRegistry} and {@link H2CallbackDeliveries} through a small connection pool.
 *
 * <p>Opening creates the directory and the schema if absent ({@code CREATE TABLE IF NOT EXISTS}), so a restart finds
 * its state again; columns added since are added to an existing table ({@code ADD COLUMN IF NOT EXISTS}). Every
 * write is in a file before its call returns: {@link #call} has H2 write its store after the commit ({@link #flush});
 * the hot writes, use consumes and session extensions, are made in memory ({@link H2UseCounters}) and acknowledged
 * once they are in the use journal ({@link H2UseJournal}, replayed at open). So a killed process loses nothing
 * acknowledged. Reads ({@link #read}) never write: H2 itself writes only in the background
 * ({@code WRITE_DELAY}), because with {@code WRITE_DELAY=0} the end of every transaction, a read's too, writes the
 * store and waits for any store write in progress (measured: one store write per consume capped the store near
 * 1,000 consumes a second; a read before each consume cut 32 threads from ~24,000 to ~7,000 a second). The
 * database stays open until {@link #close()} ({@code DB_CLOSE_ON_EXIT=FALSE}: the owner decides the shutdown order).
 * Only one process may open a data directory at a time (H2's file lock).
 *
 * <p>Thread-safe. Any {@link SQLException} reaches callers as a {@link DependencyUnavailableException} with
 * {@link ErrorCode#STORE_UNAVAILABLE} and a message naming the operation and the SQL state, never values.
 */
public final class H2Database implements AutoCloseable {
    /** H2's own background write (a fallback only: every write is flushed by the call that made it). */
    private static final int BACKGROUND_WRITE_DELAY_MS = 1_000;
    /** Default journal size past which the use counts are written to H2 and the journal is emptied. */
    static final long JOURNAL_LIMIT_BYTES = 4L * 1024 * 1024;
    private static final String URL_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;ANALYZE_AUTO=0;"
            + "LOCK_TIMEOUT=10000;WRITE_DELAY=";
    private static final int MAX_CONNECTIONS = 64;
    private static final String DUPLICATE_KEY_STATE = "23505";
    private static final String REPLAY_USES = "UPDATE tokens SET uses = GREATEST(uses, ?) WHERE token_id = ?";
    private static final String REPLAY_SESSION = "UPDATE tokens SET session_until = GREATEST(COALESCE(session_until, "
            + "CAST(? AS TIMESTAMP(9) WITH TIME ZONE)), CAST(? AS TIMESTAMP(9) WITH TIME ZONE)) WHERE token_id = ?";
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS tokens ("
            + "token_id VARCHAR PRIMARY KEY, video_id VARCHAR NOT NULL, user_id VARCHAR NOT NULL, "
            + "max_uses INT NOT NULL, issued_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, "
            + "expires_at TIMESTAMP(9) WITH TIME ZONE NOT NULL, uses INT DEFAULT 0 NOT NULL, "
            + "revoked BOOLEAN DEFAULT FALSE NOT NULL)",
        "CREATE TABLE IF NOT EXISTS video_revocations ("
            + "video_id VARCHAR PRIMARY KEY, revoked_before TIMESTAMP(9) WITH TIME ZONE NOT NULL)",
        // Each viewer's recent token requests and live tokens (stream limits), changed by compare-and-set on version.
        "CREATE TABLE IF NOT EXISTS viewer_streams ("
            + "user_id VARCHAR PRIMARY KEY, version BIGINT NOT NULL, recent_issues_ms VARCHAR NOT NULL, "
            + "live_tokens VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS video_keys ("
            + "video_id VARCHAR PRIMARY KEY, ciphertext VARCHAR NOT NULL, "
            + "created_at TIMESTAMP(9) WITH TIME ZONE NOT NULL)",
        // The job record of each video (added later: ADD COLUMN IF NOT EXISTS upgrades existing data directories).
        "ALTER TABLE video_keys ADD COLUMN IF NOT EXISTS job_state VARCHAR",
        "ALTER TABLE video_keys ADD COLUMN IF NOT EXISTS job_id VARCHAR",
        "ALTER TABLE video_keys ADD COLUMN IF NOT EXISTS job_updated_at TIMESTAMP(9) WITH TIME ZONE",
        // The end of each token's play session (null until a fetch extends it).
        "ALTER TABLE tokens ADD COLUMN IF NOT EXISTS session_until TIMESTAMP(9) WITH TIME ZONE",
        "ALTER TABLE video_keys ADD COLUMN IF NOT EXISTS job_holder VARCHAR",
        "CREATE TABLE IF NOT EXISTS callback_deliveries ("
            + "pair_id VARCHAR PRIMARY KEY, body_sha256 VARCHAR NOT NULL, "
            + "expires_at TIMESTAMP(9) WITH TIME ZONE NOT NULL)",
        // The service that made the key (kms, vod); NULL in rows of older data directories, all made by KMS.
        "ALTER TABLE video_keys ADD COLUMN IF NOT EXISTS key_service VARCHAR",
    };

    /** Work done with one pooled connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final JdbcConnectionPool pool;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The token rows' use counts, session ends and revocations, in memory once read ({@link H2TokenStore}). */
    final H2UseCounters counters;
    private final H2UseJournal journal;
    private volatile org.h2.mvstore.db.Store store;
    /** Video revocation cutoffs read or written through this database ({@link H2TokenStore}); see there. */
    final ConcurrentHashMap<String, Optional<Instant>> revocationCutoffs = new ConcurrentHashMap<>();

    private H2Database(JdbcConnectionPool pool, H2UseJournal journal, long journalLimitBytes) {
        this.pool = pool;
        this.journal = journal;
        this.counters = new H2UseCounters(this, journal, journalLimitBytes);
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @throws IllegalArgumentException if the path cannot be part of an H2 URL (it contains {@code ;})
     * @throws DependencyUnavailableException if the database cannot be opened, e.g. another process holds it
     */
    public static H2Database open(Path dataDir) {
        return open(dataDir, JOURNAL_LIMIT_BYTES, BACKGROUND_WRITE_DELAY_MS);
    }

    /**
     * As {@link #open(Path)}, emptying the use journal into H2's file whenever it passes {@code journalLimitBytes}, H2
     * writing its store in the background every {@code backgroundWriteDelayMillis}.
     */
    static H2Database open(Path dataDir, long journalLimitBytes, int backgroundWriteDelayMillis) {
        Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new IllegalArgumentException("data directory path must not contain ';': " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:file:" + dir.resolve("store") + URL_OPTIONS + backgroundWriteDelayMillis, "sa", "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        H2UseJournal journal;
        try {
            journal = H2UseJournal.open(dir);
        } catch (IOException e) {
            pool.dispose();
            throw new UncheckedIOException("cannot open the use journal in " + dir, e);
        }
        H2Database database = new H2Database(pool, journal, journalLimitBytes);
        try {
            database.call("create the schema", connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : SCHEMA) {
                        statement.execute(sql);
                    }
                }
                return null;
            });
            database.replayJournal();
        } catch (RuntimeException e) {
            database.abandon();
            throw e;
        }
        return database;
    }

    /**
     * Closes what {@link #open} opened after it failed, without {@link #close()}'s write-back: that empties the
     * journal, which may hold uses the replay did not get into H2's file.
     */
    private void abandon() {
        closing.set(true);
        closed.set(true);
        try {
            journal.close();
        } catch (IOException e) {
            // nothing was written to it
        }
        pool.dispose();
    }

    /**
     * Runs {@code work} on a pooled connection (auto-commit on) and then writes what it committed to the file
     * ({@link #flush}), mapping failures to STORE_UNAVAILABLE. For writes; reads use {@link #read}.
     */
    <T> T call(String operation, SqlWork<T> work) {
        return run(operation, connection -> {
            T result = work.run(connection);
            flush(connection);
            return result;
        });
    }

    /**
     * Runs read-only {@code work} on a pooled connection (auto-commit on), mapping failures to STORE_UNAVAILABLE;
     * it does not wait for the file to be written. {@code work} must not write.
     */
    <T> T read(String operation, SqlWork<T> work) {
        return run(operation, work);
    }

    private <T> T run(String operation, SqlWork<T> work) {
        if (closed.get()) {
            throw closedStore();
        }
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw unavailable(operation, e);
        } catch (IllegalStateException e) {
            if (closed.get()) {
                throw closedStore();
            }
            throw e;
        }
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closing.get();
    }

    /**
     * Writes every change committed so far to the store's file (H2's {@code MVStore.commit}: into the operating
     * system's file cache, enough to survive a killed process; the file is synced when the database closes). Uses
     * H2's embedded-engine classes: the pinned H2 version is the one this is tested with ({@code LocalStackKillTest}).
     */
    void flush(Connection connection) throws SQLException {
        org.h2.mvstore.db.Store known = store;
        if (known == null) {
            org.h2.engine.Session session = connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
            known = ((org.h2.engine.SessionLocal) session).getDatabase().getStore();
            store = known;
        }
        try {
            known.flush();
        } catch (RuntimeException e) {
            throw new SQLException("cannot write the store file", "HY000", e);
        }
    }

    static DependencyUnavailableException closedStore() {
        return new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "local store is closed");
    }

    static DependencyUnavailableException unavailable(String operation, SQLException e) {
        return new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                "local store failed to " + operation + " (SQL state " + e.getSQLState() + ")", e);
    }

    /** Whether {@code e} reports a primary-key violation (the row already exists). */
    static boolean isDuplicateKey(SQLException e) {
        return DUPLICATE_KEY_STATE.equals(e.getSQLState());
    }

    /** {@code instant} as a {@code TIMESTAMP WITH TIME ZONE} parameter in UTC. */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Applies what the use journal holds beyond H2's file (uses only grow and sessions only move forward, so an entry
     * H2 already holds changes nothing), has H2 write its store, then empties the journal.
     */
    private void replayJournal() {
        List<H2UseJournal.Entry> entries;
        try {
            entries = journal.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the use journal", e);
        }
        if (entries.isEmpty()) {
            return;
        }
        raiseUseStates("replay the use journal", entries);
        try {
            journal.truncate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the use journal", e);
        }
    }

    /**
     * Raises each entry's token to the use count and session end it records, in one transaction, then has H2 write
     * its store ({@link #call}): {@code GREATEST}, so an entry H2 already holds (or a use count of -1) changes nothing.
     * For the journal's replay at open and the counters' checkpoints ({@link H2UseCounters}).
     */
    void raiseUseStates(String operation, List<H2UseJournal.Entry> entries) {
        call(operation, connection -> {
            if (entries.isEmpty()) {
                return null;
            }
            connection.setAutoCommit(false);
            try (PreparedStatement uses = connection.prepareStatement(REPLAY_USES);
                    PreparedStatement session = connection.prepareStatement(REPLAY_SESSION)) {
                for (H2UseJournal.Entry entry : entries) {
                    uses.setInt(1, entry.uses);
                    uses.setString(2, entry.tokenId);
                    uses.addBatch();
                    if (entry.sessionUntil != null) {
                        session.setObject(1, utc(entry.sessionUntil));
                        session.setObject(2, utc(entry.sessionUntil));
                        session.setString(3, entry.tokenId);
                        session.addBatch();
                    }
                }
                uses.executeBatch();
                session.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    /**
     * Writes the use counts H2 lacks, has H2 write its store and empties the use journal (which stays, for the next
     * open to replay, if any of that fails), then closes the pool; once the last connection is returned, H2 closes
     * the database file. Calls after this fail with STORE_UNAVAILABLE.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            try {
                counters.close();
            } catch (IOException | RuntimeException e) {
                // The journal stays and is replayed at the next open
            }
            closed.set(true);
            try {
                journal.close();
            } catch (IOException e) {
                // nothing was left to write
            }
            pool.dispose();
        }
    }

    @Override
    public String toString() {
        return "H2Database[" + (closed.get() ? "closed" : "open") + "]";
    }
}
