package io.github.vodhls.adapters.local;

import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenStanding;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The hot state of the token rows, their use count, play-session end and revocation, kept in memory once read, so a
 * use consume or a session extension is a check and a write under the token's own lock plus one append to the use
 * journal, on the caller's thread: no SQL, no committer thread. Concurrent appends share writes (group commit in
 * {@link H2UseJournal#append}: the caller that finds no write in progress writes for those waiting). Measured on the local stack: the key fetch's
 * share of SQL and group-commit hand-offs held it to half of what it reached with the in-memory store.
 *
 * <p>Why memory can be the authority: only this process can open the database (H2's file lock), and every change of
 * these columns goes through this class ({@link #consume}, {@link #extend}, {@link #revoked} after the revoking
 * UPDATE). A row is read from H2 the first time a token is used; an unknown token is not remembered (it may be
 * recorded next). Revocations are written to H2 first and then to the row, under the map's lock for that key, so a
 * row being read at that moment is marked too.
 *
 * <p>Durability: a consume or extension returns only once its journal record is written ({@link H2UseJournal}, the
 * absolute state it left: a killed process loses nothing acknowledged; the journal is replayed at open). When the
 * journal has grown past its limit, or more than {@link #MAX_ROWS} tokens are held, a checkpoint writes the rows
 * changed since the last one to H2 (the replay's {@code GREATEST} statements), has H2 write its store, empties the
 * journal and, past {@link #MAX_ROWS}, forgets the rows; it holds the write side of a lock every consume holds the
 * read side of, so no record lands between the store write and the emptying. A journal that cannot be written
 * refuses the consume ({@code STORE_UNAVAILABLE}, nothing acknowledged) and makes the next caller try a checkpoint.
 * Thread-safe.
 */
final class H2UseCounters {
    /** Tokens whose state is held in memory at most; past this a checkpoint forgets them. */
    static final int MAX_ROWS = 100_000;
    /** How long a failed checkpoint is not tried again. */
    private static final long RETRY_MILLIS = 1_000;
    private static final String STATE = "SELECT revoked, uses, session_until FROM tokens WHERE token_id = ?";

    /** One token's state; guarded by its own monitor. */
    private static final class Row {
        boolean revoked;
        int uses;
        Instant sessionUntil;
        /** Changed since H2 last received it. */
        boolean dirty;
    }

    private final H2Database database;
    private final H2UseJournal journal;
    private final long journalLimitBytes;
    private final int maxRows;
    private final Map<String, Row> rows = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock checkpointLock = new ReentrantReadWriteLock();
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    /** Set when a journal write failed: the next caller checkpoints, which empties (and so repairs) the journal. */
    private volatile boolean checkpointWanted;
    private volatile long notBeforeMillis;
    /** Set by {@link #close()} under the write lock: every later call fails. */
    private volatile boolean closed;

    H2UseCounters(H2Database database, H2UseJournal journal, long journalLimitBytes) {
        this(database, journal, journalLimitBytes, MAX_ROWS);
    }

    /** @param maxRows how many tokens' state to hold before a checkpoint forgets them all */
    H2UseCounters(H2Database database, H2UseJournal journal, long journalLimitBytes, int maxRows) {
        this.database = database;
        this.journal = journal;
        this.journalLimitBytes = journalLimitBytes;
        this.maxRows = maxRows;
    }

    /** How many tokens' state is held now (for tests). */
    int heldRows() {
        return rows.size();
    }

    /** Consumes a use where the token is known, not revoked, under {@code maxUses} and active at {@code activeAt}. */
    ConsumeResult consume(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        Lock shared = checkpointLock.readLock();
        shared.lock();
        try {
            Row row = row(tokenId, "consume a token use");
            if (row == null) {
                return ConsumeResult.refused(TokenStanding.UNKNOWN);
            }
            synchronized (row) {
                TokenStanding standing = standing(row, maxUses, activeAt);
                if (standing != TokenStanding.ACTIVE) {
                    return ConsumeResult.refused(standing);
                }
                int uses = row.uses + 1;
                Instant until = later(row.sessionUntil, slideTo);
                journal(new H2UseJournal.Entry(tokenId, uses, until), "consume a token use");
                row.uses = uses;
                row.sessionUntil = until;
                row.dirty = true;
                return ConsumeResult.consumed(uses);
            }
        } finally {
            shared.unlock();
            // Also after a refusal or a failed journal write: a journal that could not be cut off is repaired only here
            checkpointIfDue();
        }
    }

    /** Moves the session end to {@code slideTo} where {@link #consume} would grant a use, without spending one. */
    TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        Lock shared = checkpointLock.readLock();
        shared.lock();
        try {
            Row row = row(tokenId, "extend a token's play session");
            if (row == null) {
                return TokenStanding.UNKNOWN;
            }
            synchronized (row) {
                TokenStanding standing = standing(row, maxUses, activeAt);
                if (standing != TokenStanding.ACTIVE) {
                    return standing;
                }
                Instant until = later(row.sessionUntil, slideTo);
                journal(new H2UseJournal.Entry(tokenId, -1, until), "extend a token's play session");
                row.sessionUntil = until;
                row.dirty = true;
                return TokenStanding.ACTIVE;
            }
        } finally {
            shared.unlock();
            checkpointIfDue();
        }
    }

    /** What {@link #consume} would say of the token now, without consuming. */
    TokenStanding standing(String tokenId, int maxUses, Instant activeAt) {
        Lock shared = checkpointLock.readLock();
        shared.lock();
        try {
            Row row = row(tokenId, "read a token's standing");
            if (row == null) {
                return TokenStanding.UNKNOWN;
            }
            synchronized (row) {
                return standing(row, maxUses, activeAt);
            }
        } finally {
            shared.unlock();
            checkpointIfDue(); // reads hold rows too: the row limit holds for them
        }
    }

    /**
     * Marks a held row revoked; call after the revoking UPDATE committed. A row being read from H2 right now is
     * marked once the read is in (the map's lock for the key), one read later than that sees the UPDATE itself.
     */
    void revoked(String tokenId) {
        rows.computeIfPresent(tokenId, (id, row) -> {
            synchronized (row) {
                row.revoked = true;
            }
            return row;
        });
    }

    /** Writes what H2 lacks, has it write its store and empties the journal; on failure the journal stays. */
    void close() throws IOException {
        Lock exclusive = checkpointLock.writeLock();
        exclusive.lock();
        try {
            closed = true;
            writeBack();
        } finally {
            exclusive.unlock();
        }
    }

    /** Revoked, then exhausted, then expired (session not active at {@code activeAt}), else {@code ACTIVE}. */
    private static TokenStanding standing(Row row, int maxUses, Instant activeAt) {
        if (row.revoked) {
            return TokenStanding.REVOKED;
        }
        if (row.uses >= maxUses) {
            return TokenStanding.EXHAUSTED;
        }
        boolean active = activeAt == null || row.sessionUntil != null && !row.sessionUntil.isBefore(activeAt);
        return active ? TokenStanding.ACTIVE : TokenStanding.EXPIRED;
    }

    private static Instant later(Instant current, Instant proposed) {
        if (proposed == null) {
            return current;
        }
        return current == null || proposed.isAfter(current) ? proposed : current;
    }

    /** The token's row, read from H2 the first time; null for a token H2 does not know (not remembered). */
    private Row row(String tokenId, String operation) {
        if (closed || database.isClosed()) {
            throw H2Database.closedStore();
        }
        Row held = rows.get(tokenId);
        if (held != null) {
            return held;
        }
        return rows.computeIfAbsent(tokenId, id -> database.read(operation, connection -> {
            try (PreparedStatement state = connection.prepareStatement(STATE)) {
                state.setString(1, id);
                try (ResultSet rs = state.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Row row = new Row();
                    row.revoked = rs.getBoolean(1);
                    row.uses = rs.getInt(2);
                    OffsetDateTime until = rs.getObject(3, OffsetDateTime.class);
                    row.sessionUntil = until == null ? null : until.toInstant();
                    return row;
                }
            }
        }));
    }

    private void journal(H2UseJournal.Entry entry, String operation) {
        try {
            journal.append(List.of(entry));
        } catch (IOException e) {
            checkpointWanted = true;
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                    "local store failed to " + operation + " (the use journal cannot be written)", e);
        }
    }

    private boolean due() {
        return checkpointWanted || journal.sizeBytes() > journalLimitBytes || rows.size() > maxRows;
    }

    /** Runs a checkpoint when one is due and no other caller is running one. */
    private void checkpointIfDue() {
        if (!due() || System.currentTimeMillis() < notBeforeMillis || !checkpointing.compareAndSet(false, true)) {
            return;
        }
        try {
            Lock exclusive = checkpointLock.writeLock();
            exclusive.lock();
            try {
                if (closed || !due()) {
                    return;
                }
                writeBack();
                checkpointWanted = false;
                if (rows.size() > maxRows) {
                    rows.clear();
                }
            } finally {
                exclusive.unlock();
            }
        } catch (IOException | RuntimeException e) {
            // Nothing is lost: the rows stay dirty and the journal whole; retried a little later
            notBeforeMillis = System.currentTimeMillis() + RETRY_MILLIS;
        } finally {
            checkpointing.set(false);
        }
    }

    /** With the write lock held: the dirty rows into H2, H2's store into its file, then the journal emptied. */
    private void writeBack() throws IOException {
        List<Row> dirty = new ArrayList<>();
        List<H2UseJournal.Entry> states = new ArrayList<>();
        for (Map.Entry<String, Row> entry : rows.entrySet()) {
            Row row = entry.getValue();
            if (row.dirty) {
                dirty.add(row);
                states.add(new H2UseJournal.Entry(entry.getKey(), row.uses, row.sessionUntil));
            }
        }
        database.raiseUseStates("write the use counts", states);
        journal.truncate();
        for (Row row : dirty) {
            row.dirty = false;
        }
    }
}
