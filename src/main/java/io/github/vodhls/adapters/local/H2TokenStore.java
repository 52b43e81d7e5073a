package io.github.vodhls.adapters.local;

import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.token.TokenStanding;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.ViewerStreams;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TokenStore} in the local stack's {@link H2Database}. Every state change is one atomic statement:
 * {@link #consume} increments the counter only where the token exists, is not revoked and is under the limit, and
 * reads the count after that very update from H2's data-change delta table ({@code FINAL TABLE}); so racing
 * callers get exactly {@code maxUses - uses} successes. The play session's end ({@code session_until}) is checked and
 * moved by the same statement. A viewer's stream-limit state is one row of {@code viewer_streams}, inserted once and
 * then changed only by an UPDATE conditional on its version. Consumes and extensions, the per-request writes, share
 * commits with concurrent ones ({@link H2Database#callInSharedCommit}) and return only once theirs is journaled. The
 * store does not own the database: close that.
 */
public final class H2TokenStore implements TokenStore {
    private static final String INSERT = "INSERT INTO tokens "
            + "(token_id, video_id, user_id, max_uses, issued_at, expires_at, uses, revoked, session_until) "
            + "VALUES (?, ?, ?, ?, ?, ?, 0, FALSE, ?)";
    private static final String TIMESTAMP = "CAST(? AS TIMESTAMP(9) WITH TIME ZONE)";
    /** Not revoked, uses left, and (parameters 4 and 5: null, or the session is active then). */
    private static final String GRANTS = "token_id = ? AND revoked = FALSE AND uses < ? AND (" + TIMESTAMP
            + " IS NULL OR session_until >= " + TIMESTAMP + ")";
    private static final String CONSUME = "SELECT uses, session_until FROM FINAL TABLE (UPDATE tokens SET uses = uses + 1, "
            + "session_until = GREATEST(session_until, COALESCE(" + TIMESTAMP + ", session_until)) WHERE " + GRANTS + ")";
    private static final String EXTEND = "SELECT session_until FROM FINAL TABLE (UPDATE tokens SET session_until = "
            + "GREATEST(session_until, " + TIMESTAMP + ") WHERE " + GRANTS + ")";
    private static final String STATE = "SELECT revoked, uses, session_until FROM tokens WHERE token_id = ?";
    private static final String REVOKE = "UPDATE tokens SET revoked = TRUE WHERE token_id = ?";
    private static final String REVOKE_VIDEO = "MERGE INTO video_revocations r "
            + "USING (VALUES (CAST(? AS VARCHAR), CAST(? AS TIMESTAMP(9) WITH TIME ZONE))) s(video_id, cutoff) "
            + "ON r.video_id = s.video_id "
            + "WHEN MATCHED THEN UPDATE SET revoked_before = GREATEST(r.revoked_before, s.cutoff) "
            + "WHEN NOT MATCHED THEN INSERT (video_id, revoked_before) VALUES (s.video_id, s.cutoff)";
    private static final String VIDEO_CUTOFF = "SELECT revoked_before FROM video_revocations WHERE video_id = ?";
    private static final String VIEWER = "SELECT version, recent_issues_ms, live_tokens FROM viewer_streams "
            + "WHERE user_id = ?";
    private static final String INSERT_VIEWER = "INSERT INTO viewer_streams "
            + "(version, recent_issues_ms, live_tokens, user_id) VALUES (?, ?, ?, ?)";
    private static final String UPDATE_VIEWER = "UPDATE viewer_streams SET version = ?, recent_issues_ms = ?, "
            + "live_tokens = ? WHERE user_id = ? AND version = ?";

    /** Videos whose revocation cutoff (or its absence) is kept in memory at most. */
    static final int MAX_CACHED_VIDEOS = 10_000;

    private final H2Database database;

    /** A token store in {@code database} (opened with {@link H2Database#open}). */
    public H2TokenStore(H2Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void record(TokenRecord token) {
        boolean inserted = database.call("record a token", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, token.tokenId());
                insert.setString(2, token.videoId());
                insert.setString(3, token.userId());
                insert.setInt(4, token.maxUses());
                insert.setObject(5, H2Database.utc(token.issuedAt()));
                insert.setObject(6, H2Database.utc(token.expiresAt()));
                insert.setObject(7, H2Database.utc(token.expiresAt()));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (H2Database.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
        if (!inserted) {
            throw new IllegalStateException("token id already recorded: " + token.tokenId());
        }
    }

    @Override
    public ConsumeResult consume(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        return database.callInSharedCommit("consume a token use", batch -> {
            PreparedStatement consume = batch.statement(CONSUME);
            consume.setObject(1, utcOrNull(slideTo));
            grants(consume, 2, tokenId, maxUses, activeAt);
            try (ResultSet rs = consume.executeQuery()) {
                if (rs.next()) {
                    int uses = rs.getInt(1);
                    batch.journal(new H2UseJournal.Entry(tokenId, uses,
                            instantOrNull(rs.getObject(2, OffsetDateTime.class))));
                    return ConsumeResult.consumed(uses);
                }
            }
            return ConsumeResult.refused(refusal(batch.statement(STATE), tokenId, maxUses, activeAt));
        });
    }

    @Override
    public TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        return database.callInSharedCommit("extend a token's play session", batch -> {
            PreparedStatement extend = batch.statement(EXTEND);
            extend.setObject(1, utcOrNull(slideTo));
            grants(extend, 2, tokenId, maxUses, activeAt);
            try (ResultSet rs = extend.executeQuery()) {
                if (rs.next()) {
                    batch.journal(new H2UseJournal.Entry(tokenId, -1,
                            instantOrNull(rs.getObject(1, OffsetDateTime.class))));
                    return TokenStanding.ACTIVE;
                }
            }
            return refusal(batch.statement(STATE), tokenId, maxUses, activeAt);
        });
    }

    @Override
    public TokenStanding standing(String tokenId, Instant activeAt) {
        return database.read("read a token's standing", connection -> {
            try (PreparedStatement state = connection.prepareStatement(STATE)) {
                return refusal(state, tokenId, Integer.MAX_VALUE, activeAt);
            }
        });
    }

    /** Sets the parameters of {@link #GRANTS} from {@code first} on. */
    private static void grants(PreparedStatement statement, int first, String tokenId, int maxUses,
            Instant activeAt) throws SQLException {
        statement.setString(first, tokenId);
        statement.setInt(first + 1, maxUses);
        statement.setObject(first + 2, utcOrNull(activeAt));
        statement.setObject(first + 3, utcOrNull(activeAt));
    }

    /**
     * Reads why the row would refuse (revoked, then exhausted, then expired), {@code ACTIVE} if it would not, or
     * {@code UNKNOWN} without a row. Uses only grow and revocations are final, so what this read shows held at a
     * failed write just before it too.
     */
    private static TokenStanding refusal(PreparedStatement state, String tokenId, int maxUses, Instant activeAt)
            throws SQLException {
        state.setString(1, tokenId);
        try (ResultSet rs = state.executeQuery()) {
            if (!rs.next()) {
                return TokenStanding.UNKNOWN;
            }
            if (rs.getBoolean(1)) {
                return TokenStanding.REVOKED;
            }
            if (rs.getInt(2) >= maxUses) {
                return TokenStanding.EXHAUSTED;
            }
            OffsetDateTime until = rs.getObject(3, OffsetDateTime.class);
            boolean active = activeAt == null || until != null && !until.toInstant().isBefore(activeAt);
            return active ? TokenStanding.ACTIVE : TokenStanding.EXPIRED;
        }
    }


    private static Instant instantOrNull(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static Object utcOrNull(Instant instant) {
        return instant == null ? null : H2Database.utc(instant);
    }

    @Override
    public boolean revoke(String tokenId) {
        return database.call("revoke a token", connection -> {
            try (PreparedStatement revoke = connection.prepareStatement(REVOKE)) {
                revoke.setString(1, tokenId);
                return revoke.executeUpdate() == 1;
            }
        });
    }

    /**
     * Writes the cutoff, then raises the cached one: a read that loaded the old cutoff before the write may have cached
     * it, and this replaces it before the call returns, so the revocation holds from the next request on.
     */
    @Override
    public void revokeVideo(String videoId, Instant issuedAtOrBefore) {
        try {
            writeVideoCutoff(videoId, issuedAtOrBefore);
        } catch (RuntimeException e) {
            // The write may have been applied before it failed: the next read loads whatever is stored
            database.revocationCutoffs.remove(videoId);
            throw e;
        }
        // Not cached: the next read loads the stored cutoff (which may be later than this one)
        database.revocationCutoffs.computeIfPresent(videoId, (video, cached) -> cached.isEmpty()
                || cached.get().isBefore(issuedAtOrBefore) ? Optional.of(issuedAtOrBefore) : cached);
    }

    private void writeVideoCutoff(String videoId, Instant issuedAtOrBefore) {
        database.call("revoke a video's tokens", connection -> {
            try (PreparedStatement merge = connection.prepareStatement(REVOKE_VIDEO)) {
                merge.setString(1, videoId);
                merge.setObject(2, H2Database.utc(issuedAtOrBefore));
                try {
                    return merge.executeUpdate();
                } catch (SQLException e) {
                    if (!H2Database.isDuplicateKey(e)) {
                        throw e;
                    }
                    // A concurrent first revocation inserted the row; rows are never deleted, so this matches.
                    return merge.executeUpdate();
                }
            }
        });
    }

    /**
     * Every key fetch asks this, so it is answered from memory once read: this process is the only one that can open
     * the database (H2's file lock) and every revocation goes through {@link #revokeVideo}, which updates the cached
     * cutoff before it returns. Bounded: past {@link #MAX_CACHED_VIDEOS} videos the cache starts over.
     */
    @Override
    public Optional<Instant> videoRevokedBefore(String videoId) {
        Optional<Instant> cached = database.revocationCutoffs.get(videoId);
        if (cached != null) {
            return cached;
        }
        if (database.revocationCutoffs.size() >= MAX_CACHED_VIDEOS) {
            database.revocationCutoffs.clear();
        }
        // computeIfAbsent holds the entry while it reads, so a revocation of this video waits for the read and then
        // raises what it put
        return database.revocationCutoffs.computeIfAbsent(videoId, this::readCutoff);
    }

    private Optional<Instant> readCutoff(String videoId) {
        return database.read("read a video's revocation", connection -> {
            try (PreparedStatement select = connection.prepareStatement(VIDEO_CUTOFF)) {
                select.setString(1, videoId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant())
                            : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public ViewerStreams viewerStreams(String userId) {
        return database.read("read a viewer's streams", connection -> {
            try (PreparedStatement select = connection.prepareStatement(VIEWER)) {
                select.setString(1, userId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? ViewerStreams.decode(rs.getLong(1), rs.getString(2), rs.getString(3))
                            : ViewerStreams.none();
                }
            }
        });
    }

    /** An INSERT for the first state (a concurrent first insert is a duplicate key), else an UPDATE on the version. */
    @Override
    public boolean updateViewerStreams(String userId, ViewerStreams next) {
        return database.call("write a viewer's streams", connection -> {
            try (PreparedStatement write = connection.prepareStatement(next.version() == 0 ? INSERT_VIEWER
                    : UPDATE_VIEWER)) {
                write.setLong(1, next.version() + 1);
                write.setString(2, next.encodedIssues());
                write.setString(3, next.encodedLive());
                write.setString(4, userId);
                if (next.version() != 0) {
                    write.setLong(5, next.version());
                }
                return write.executeUpdate() == 1;
            } catch (SQLException e) {
                if (H2Database.isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }
}
