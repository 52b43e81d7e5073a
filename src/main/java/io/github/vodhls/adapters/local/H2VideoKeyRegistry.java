package io.github.vodhls.adapters.local;

import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link VideoKeyRegistry} in the local stack's {@link H2Database}. {@link #registerIfAbsent} is an insert that
 * the primary key makes conditional: the loser of a race reads the winner's row. Registrations are never updated
 * or deleted. The registry does not own the database: close that.
 */
public final class H2VideoKeyRegistry implements VideoKeyRegistry {
    private static final String INSERT = "INSERT INTO video_keys (video_id, ciphertext, created_at) VALUES (?, ?, ?)";
    private static final String SELECT = "SELECT ciphertext, created_at FROM video_keys WHERE video_id = ?";

    private final H2Database database;

    /** A registry in {@code database} (opened with {@link H2Database#open}). */
    public H2VideoKeyRegistry(H2Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<VideoKey> find(String videoId) {
        return database.call("find a video key", connection -> select(connection, videoId));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        return database.call("register a video key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, key.videoId());
                insert.setString(2, key.ciphertext());
                insert.setObject(3, H2Database.utc(key.createdAt()));
                insert.executeUpdate();
                return key;
            } catch (SQLException e) {
                if (!H2Database.isDuplicateKey(e)) {
                    throw e;
                }
            }
            return select(connection, key.videoId()).orElseThrow(() -> new IllegalStateException(
                    "video key vanished after a duplicate-key insert: " + key.videoId()));
        });
    }

    private static Optional<VideoKey> select(Connection connection, String videoId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, videoId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new VideoKey(videoId, rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant()));
            }
        }
    }
}
