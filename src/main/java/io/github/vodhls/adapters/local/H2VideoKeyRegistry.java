package io.github.vodhls.adapters.local;

import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link VideoKeyRegistry} in the local stack's {@link H2Database}. {@link #registerIfAbsent} is an insert that
 * the primary key makes conditional: the loser of a race reads the winner's row. Registrations are never updated
 * or deleted. The registry does not own the database: close that. {@code key_service} names the service that made the
 * key; rows from before it existed have {@code NULL} there, and were all made by KMS.
 *
 * <p>The job record lives in the same row ({@code job_state}, {@code job_id}, {@code job_holder},
 * {@code job_updated_at}; all {@code NULL} when no claim is held). Each state change is one {@code UPDATE} whose
 * {@code WHERE} clause is the condition (a holder's changes include {@code job_holder = ?}); the row count tells
 * whether it held, and only then is the row read to tell why not. A claim tries the fresh case first
 * ({@code job_state IS NULL}), then the takeover ({@code UNCERTAIN}, or {@code SUBMITTING} older than the lease),
 * so the answer says which one happened.
 */
public final class H2VideoKeyRegistry implements VideoKeyRegistry {
    private static final String INSERT = "INSERT INTO video_keys (video_id, ciphertext, created_at, key_service) "
            + "VALUES (?, ?, ?, ?)";
    private static final String SELECT = "SELECT ciphertext, created_at, key_service FROM video_keys "
            + "WHERE video_id = ?";
    private static final String SUBMITTING = JobRecord.State.SUBMITTING.name();
    private static final String UNCERTAIN = JobRecord.State.UNCERTAIN.name();
    private static final String SUBMITTED = JobRecord.State.SUBMITTED.name();
    private static final String SET_CLAIM = "UPDATE video_keys SET job_state = '" + SUBMITTING + "', job_id = NULL, "
            + "job_holder = ?, job_updated_at = ? WHERE video_id = ? AND ";
    private static final String CLAIM = SET_CLAIM + "job_state IS NULL";
    private static final String TAKE_OVER = SET_CLAIM + "(job_state = '" + UNCERTAIN + "' "
            + "OR (job_state = '" + SUBMITTING + "' AND job_updated_at < ?))";
    private static final String HELD_BY = " WHERE video_id = ? AND job_state = '" + SUBMITTING + "' AND job_holder = ?";
    private static final String MARK_SUBMITTED = "UPDATE video_keys SET job_state = '" + SUBMITTED + "', "
            + "job_id = ?, job_holder = NULL, job_updated_at = ?" + HELD_BY;
    private static final String MARK_UNCERTAIN = "UPDATE video_keys SET job_state = '" + UNCERTAIN + "', "
            + "job_updated_at = ?" + HELD_BY;
    private static final String RELEASE = "UPDATE video_keys SET job_state = NULL, job_id = NULL, job_holder = NULL, "
            + "job_updated_at = NULL" + HELD_BY;
    private static final String SELECT_JOB = "SELECT job_state, job_id, job_holder, job_updated_at FROM video_keys "
            + "WHERE video_id = ?";
    /** The holder reported for a claim written before claims had holders. */
    static final String UNKNOWN_HOLDER = "unknown";

    private final H2Database database;

    /** A registry in {@code database} (opened with {@link H2Database#open}). */
    public H2VideoKeyRegistry(H2Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<VideoKey> find(String videoId) {
        return database.read("find a video key", connection -> select(connection, videoId));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        return database.call("register a video key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, key.videoId());
                insert.setString(2, key.ciphertext());
                insert.setObject(3, H2Database.utc(key.createdAt()));
                insert.setString(4, key.keyService().code());
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

    @Override
    public ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(now, "now");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        return database.call("claim a job submission", connection -> {
            if (claim(connection, CLAIM, videoId, holder, now, null)) {
                return ClaimResult.CLAIMED;
            }
            if (claim(connection, TAKE_OVER, videoId, holder, now, now.minus(lease))) {
                return ClaimResult.TAKEN_OVER;
            }
            // Neither condition held: no row, a submitted job, or a live claim when the UPDATEs ran.
            JobRow row = selectJob(connection, videoId).orElseThrow(() -> new IllegalStateException(
                    "video " + videoId + " has no registered key to claim a job for"));
            return SUBMITTED.equals(row.state) ? ClaimResult.ALREADY_SUBMITTED : ClaimResult.IN_PROGRESS;
        });
    }

    private static boolean claim(Connection connection, String sql, String videoId, String holder, Instant now,
            Instant staleBefore) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(sql)) {
            claim.setString(1, holder);
            claim.setObject(2, H2Database.utc(now));
            claim.setString(3, videoId);
            if (staleBefore != null) {
                claim.setObject(4, H2Database.utc(staleBefore));
            }
            return claim.executeUpdate() == 1;
        }
    }

    @Override
    public void markSubmitted(String videoId, String holder, String jobId, Instant now) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(now, "now");
        database.call("record a submitted job", connection -> {
            try (PreparedStatement mark = connection.prepareStatement(MARK_SUBMITTED)) {
                mark.setString(1, jobId);
                mark.setObject(2, H2Database.utc(now));
                mark.setString(3, videoId);
                mark.setString(4, holder);
                if (mark.executeUpdate() == 1) {
                    return null;
                }
            }
            Optional<JobRecord> current = selectJob(connection, videoId).flatMap(JobRow::record);
            if (current.isPresent() && jobId.equals(current.get().jobId())) {
                return null; // already recorded: idempotent
            }
            throw new IllegalStateException(JobRecord.notHeldMessage(videoId, current.orElse(null)));
        });
    }

    @Override
    public void releaseClaim(String videoId, String holder) {
        Objects.requireNonNull(holder, "holder");
        database.call("release a job claim", connection -> {
            try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
                release.setString(1, videoId);
                release.setString(2, holder);
                release.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void markUncertain(String videoId, String holder, Instant now) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(now, "now");
        database.call("mark a job claim uncertain", connection -> {
            try (PreparedStatement mark = connection.prepareStatement(MARK_UNCERTAIN)) {
                mark.setObject(1, H2Database.utc(now));
                mark.setString(2, videoId);
                mark.setString(3, holder);
                mark.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        return database.read("read a job record", connection -> selectJob(connection, videoId)
                .flatMap(JobRow::record));
    }

    /** The job columns of a registered video's row (all null when no claim is held); empty if no such row. */
    private static Optional<JobRow> selectJob(Connection connection, String videoId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_JOB)) {
            select.setString(1, videoId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime updatedAt = rs.getObject(4, OffsetDateTime.class);
                return Optional.of(new JobRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        updatedAt == null ? null : updatedAt.toInstant()));
            }
        }
    }

    private static Optional<VideoKey> select(Connection connection, String videoId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, videoId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new VideoKey(videoId, rs.getString(1), KeyService.fromStored(rs.getString(3)),
                        rs.getObject(2, OffsetDateTime.class).toInstant()));
            }
        }
    }

    /** The raw job columns of one row. */
    private static final class JobRow {
        final String state;
        final String jobId;
        final String holder;
        final Instant updatedAt;

        JobRow(String state, String jobId, String holder, Instant updatedAt) {
            this.state = state;
            this.jobId = jobId;
            this.holder = holder;
            this.updatedAt = updatedAt;
        }

        /** The record, if a claim was ever taken; a claim from before holders existed has an unknown holder. */
        Optional<JobRecord> record() {
            if (state == null) {
                return Optional.empty();
            }
            JobRecord.State s = JobRecord.State.valueOf(state);
            return Optional.of(new JobRecord(s, jobId,
                    s == JobRecord.State.SUBMITTED ? null : holder == null ? UNKNOWN_HOLDER : holder, updatedAt));
        }
    }
}
