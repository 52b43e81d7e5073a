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
 * A {@link TokenStore} in the local stack's {@link H2Database}. A token's use count, play-session end and revocation
 * are held in memory once read ({@link H2UseCounters}): {@link #consume} checks and increments the count under the
 * token's own lock, only where the token exists, is not revoked and is under the limit, and checks and moves the
 * session end in the same step; so racing callers get exactly {@code maxUses - uses} successes. A viewer's
 * stream-limit state is one row of {@code viewer_streams}, inserted once and then changed only by an UPDATE
 * conditional on its version. Consumes and extensions, the per-request writes, return only once theirs is journaled.
 * The store does not own the database: close that.
 */
public final class H2TokenStore implements TokenStore {
    private static final String INSERT = "INSERT INTO tokens "
            + "(token_id, video_id, user_id, max_uses, issued_at, expires_at, uses, revoked, session_until) "
            + "VALUES (?, ?, ?, ?, ?, ?, 0, FALSE, ?)";
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
        return database.counters.consume(tokenId, maxUses, activeAt, slideTo);
    }

    @Override
    public TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        return database.counters.extend(tokenId, maxUses, activeAt, slideTo);
    }

    @Override
    public TokenStanding standing(String tokenId, Instant activeAt) {
        return database.counters.standing(tokenId, Integer.MAX_VALUE, activeAt);
    }

    @Override
    public boolean revoke(String tokenId) {
        try {
            return database.call("revoke a token", connection -> {
                try (PreparedStatement revoke = connection.prepareStatement(REVOKE)) {
                    revoke.setString(1, tokenId);
                    return revoke.executeUpdate() == 1;
                }
            });
        } finally {
            // Also when the call failed: the UPDATE may have committed before the store write failed
            database.counters.revoked(tokenId);
        }
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
