package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The local stack's embedded store: one H2 database in file mode, {@code <dataDir>/store.mv.db}, shared by
 * {@link H2TokenStore}, {@link H2VideoKeyRegistry} and {@link H2CallbackDeliveries} through a small connection pool.
 *
 * <p>Opening creates the directory and the schema if absent ({@code CREATE TABLE IF NOT EXISTS}), so a restart finds
 * its state again; columns added since are added to an existing table ({@code ADD COLUMN IF NOT EXISTS}). Every
 * commit is written to the file at once ({@code WRITE_DELAY=0}), so a killed process loses no use counts (concurrent
 * use consumes share commits, {@link #callInSharedCommit}, and are acknowledged only after theirs); the
 * database stays open until {@link #close()} ({@code DB_CLOSE_ON_EXIT=FALSE}: the owner decides the shutdown order).
 * Only one process may open a data directory at a time (H2's file lock).
 *
 * <p>Thread-safe. Any {@link SQLException} reaches callers as a {@link DependencyUnavailableException} with
 * {@link ErrorCode#STORE_UNAVAILABLE} and a message naming the operation and the SQL state, never values.
 */
public final class H2Database implements AutoCloseable {
    private static final String URL_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    private static final int MAX_CONNECTIONS = 16;
    private static final String DUPLICATE_KEY_STATE = "23505";
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
    private final AtomicBoolean closed = new AtomicBoolean();
    private final H2GroupCommit groupCommit;

    private H2Database(JdbcConnectionPool pool) {
        this.pool = pool;
        this.groupCommit = new H2GroupCommit(pool::getConnection);
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @throws IllegalArgumentException if the path cannot be part of an H2 URL (it contains {@code ;})
     * @throws DependencyUnavailableException if the database cannot be opened, e.g. another process holds it
     */
    public static H2Database open(Path dataDir) {
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
                "jdbc:h2:file:" + dir.resolve("store") + URL_OPTIONS, "sa", "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        H2Database database = new H2Database(pool);
        try {
            database.call("create the schema", connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : SCHEMA) {
                        statement.execute(sql);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Runs {@code work} on a pooled connection (auto-commit on), mapping failures to STORE_UNAVAILABLE. */
    <T> T call(String operation, SqlWork<T> work) {
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

    /**
     * Runs {@code work} in a transaction shared with the other callers waiting at that moment ({@link H2GroupCommit})
     * and returns once it is committed, i.e. written to the file. For small, hot writes (use consumes): concurrent
     * callers share one commit instead of queueing for one each. {@code work} must not commit or roll back itself;
     * it may run twice (the second time alone) when a piece of work sharing its transaction failed, so it must be
     * a single atomic change whose first run was rolled back.
     */
    <T> T callInSharedCommit(String operation, SqlWork<T> work) {
        if (closed.get()) {
            throw closedStore();
        }
        return groupCommit.call(operation, work);
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

    /** Closes the pool; once the last connection is returned, H2 writes and closes the database file. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            groupCommit.close();
            pool.dispose();
        }
    }

    @Override
    public String toString() {
        return "H2Database[" + (closed.get() ? "closed" : "open") + "]";
    }
}
