package io.github.vodhls.adapters.local;

import io.github.vodhls.core.video.CallbackDeliveries;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link CallbackDeliveries} in the local stack's {@link H2Database}, table {@code callback_deliveries}
 * ({@code pair_id} primary key, {@code body_sha256}, {@code expires_at}). A bind first deletes the expired bindings
 * (the local table stays as small as the window), then inserts; the primary key makes the insert conditional, and the
 * loser of a race reads the winner's body hash. The store does not own the database: close that.
 */
public final class H2CallbackDeliveries implements CallbackDeliveries {
    private static final String DELETE_EXPIRED = "DELETE FROM callback_deliveries WHERE expires_at < ?";
    private static final String INSERT = "INSERT INTO callback_deliveries (pair_id, body_sha256, expires_at) "
            + "VALUES (?, ?, ?)";
    private static final String SELECT = "SELECT body_sha256 FROM callback_deliveries WHERE pair_id = ?";

    private final H2Database database;

    /** A store in {@code database} (opened with {@link H2Database#open}). */
    public H2CallbackDeliveries(H2Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Binding bind(String pairId, String bodySha256, Instant expiresAt, Instant now) {
        Objects.requireNonNull(pairId, "pairId");
        Objects.requireNonNull(bodySha256, "bodySha256");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(now, "now");
        return database.call("bind a callback delivery", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE_EXPIRED)) {
                delete.setObject(1, H2Database.utc(now));
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, pairId);
                insert.setString(2, bodySha256);
                insert.setObject(3, H2Database.utc(expiresAt));
                insert.executeUpdate();
                return Binding.FIRST;
            } catch (SQLException e) {
                if (!H2Database.isDuplicateKey(e)) {
                    throw e;
                }
            }
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, pairId);
                try (ResultSet rs = select.executeQuery()) {
                    // Only a bind deletes, and only expired rows: a row that refused our insert is there to read
                    // unless it expired meanwhile, and then the pair is stale and refused anyway.
                    return rs.next() && bodySha256.equals(rs.getString(1)) ? Binding.SAME_BODY : Binding.OTHER_BODY;
                }
            }
        });
    }

    @Override
    public String toString() {
        return "H2CallbackDeliveries[" + database + "]";
    }
}
