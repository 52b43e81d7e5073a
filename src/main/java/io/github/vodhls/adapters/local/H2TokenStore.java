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
 * callers get exactly {@code maxUses - uses} successes. A viewer's stream-limit state is one row of
 * {@code viewer_streams}, inserted once and then changed only by an UPDATE conditional on its version. The store
 * does not own the database: close that.
 */
public final class H2TokenStore implements TokenStore {
    private static final String INSERT = "INSERT INTO tokens "
            + "(token_id, video_id, user_id, max_uses, issued_at, expires_at, uses, revoked) "
            + "VALUES (?, ?, ?, ?, ?, ?, 0, FALSE)";
    private static final String CONSUME = "SELECT uses FROM FINAL TABLE ("
            + "UPDATE tokens SET uses = uses + 1 WHERE token_id = ? AND revoked = FALSE AND uses < ?)";
    private static final String STATE = "SELECT revoked FROM tokens WHERE token_id = ?";
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
    public ConsumeResult consume(String tokenId, int maxUses) {
        return database.call("consume a token use", connection -> {
            try (PreparedStatement consume = connection.prepareStatement(CONSUME)) {
                consume.setString(1, tokenId);
                consume.setInt(2, maxUses);
                try (ResultSet rs = consume.executeQuery()) {
                    if (rs.next()) {
                        return ConsumeResult.consumed(rs.getInt(1));
                    }
                }
            }
            try (PreparedStatement state = connection.prepareStatement(STATE)) {
                state.setString(1, tokenId);
                try (ResultSet rs = state.executeQuery()) {
                    if (!rs.next()) {
                        return ConsumeResult.unknown();
                    }
                    return rs.getBoolean(1) ? ConsumeResult.revoked() : ConsumeResult.exhausted();
                }
            }
        });
    }

    @Override
    public TokenStanding standing(String tokenId) {
        return database.call("read a token's standing", connection -> {
            try (PreparedStatement select = connection.prepareStatement(STATE)) {
                select.setString(1, tokenId);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return TokenStanding.UNKNOWN;
                    }
                    return rs.getBoolean(1) ? TokenStanding.REVOKED : TokenStanding.ACTIVE;
                }
            }
        });
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

    @Override
    public void revokeVideo(String videoId, Instant issuedAtOrBefore) {
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

    @Override
    public Optional<Instant> videoRevokedBefore(String videoId) {
        return database.call("read a video's revocation", connection -> {
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
        return database.call("read a viewer's streams", connection -> {
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
