package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreRequests.column;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.expect;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.getLatest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.latest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.primaryKey;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition.LogicOperator;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import io.github.vodhls.adapters.aliyun.TablestoreErrors.ConditionFailed;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link VideoKeyRegistry} in one Tablestore table (primary key {@code video_id} STRING; columns
 * {@code ciphertext}, {@code created_at_ms}, {@code key_service}). A registration is one PutRow with EXPECT_NOT_EXIST,
 * so exactly one caller wins; the others read and return the winner's key. Reads ask only for the columns they need.
 * Rows registered before {@code key_service} existed have none, and were all made by KMS.
 *
 * <p>The job record lives in the same row: {@code job_state} ({@code SUBMITTING} or {@code SUBMITTED}; absent when
 * no claim is held), {@code job_id} (only once submitted) and {@code job_updated_at_ms}. Every change is one
 * UpdateRow with EXPECT_EXIST (so only registered videos have job records) and a column condition:
 * <ul>
 *   <li>claim: {@code job_state == "NONE"} with passIfMissing, OR ({@code job_state == SUBMITTING} AND
 *       {@code job_updated_at_ms < now - lease}), both without passIfMissing. {@code NONE} is never written, so the
 *       first branch holds exactly when the column is absent (Tablestore has no "column missing" test of its own);
 *   <li>mark submitted: {@code job_state == SUBMITTING};
 *   <li>release: {@code job_state == SUBMITTING}, deleting the three columns.
 * </ul>
 * A refused condition ({@code OTSConditionCheckFail}) is an outcome, told apart by reading the row afterwards.
 */
public final class TablestoreVideoKeyRegistry implements VideoKeyRegistry {

    /** The primary key column (STRING) of the video table; template.yml creates the table with it. */
    public static final String PK = "video_id";
    static final String CIPHERTEXT = "ciphertext";
    static final String CREATED_AT_MS = "created_at_ms";
    static final String KEY_SERVICE = "key_service";
    static final String JOB_STATE = "job_state";
    static final String JOB_ID = "job_id";
    static final String JOB_UPDATED_AT_MS = "job_updated_at_ms";
    /** Compared against in the claim condition, never written: the comparison passes only when the column is absent. */
    static final String NEVER_WRITTEN_STATE = "NONE";
    private static final String SUBMITTING = JobRecord.State.SUBMITTING.name();
    private static final String SUBMITTED = JobRecord.State.SUBMITTED.name();

    private final TablestoreRows rows;
    private final String table;

    /** A registry over {@code table}, which must exist with primary key {@code video_id} STRING. */
    public TablestoreVideoKeyRegistry(TablestoreRows rows, String table) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<VideoKey> find(String videoId) {
        Row row = TablestoreErrors.call("GetRow", table,
                () -> rows.getRow(getLatest(table, primaryKey(PK, videoId), CIPHERTEXT, CREATED_AT_MS, KEY_SERVICE)))
                .getRow();
        ColumnValue ciphertext = latest(row, CIPHERTEXT);
        ColumnValue createdAt = latest(row, CREATED_AT_MS);
        if (ciphertext == null || createdAt == null) {
            return Optional.empty();
        }
        ColumnValue service = latest(row, KEY_SERVICE);
        return Optional.of(new VideoKey(videoId, ciphertext.asString(),
                KeyService.fromStored(service == null ? null : service.asString()),
                Instant.ofEpochMilli(createdAt.asLong())));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        RowPutChange change = new RowPutChange(table, primaryKey(PK, key.videoId()))
                .addColumn(CIPHERTEXT, ColumnValue.fromString(key.ciphertext()))
                .addColumn(CREATED_AT_MS, ColumnValue.fromLong(key.createdAt().toEpochMilli()))
                .addColumn(KEY_SERVICE, ColumnValue.fromString(key.keyService().code()));
        change.setCondition(expect(RowExistenceExpectation.EXPECT_NOT_EXIST));
        try {
            TablestoreErrors.conditional("PutRow", table, () -> rows.putRow(new PutRowRequest(change)));
            return key;
        } catch (ConditionFailed e) {
            // Registrations are never deleted, so the row that refused our write is there to read.
            return find(key.videoId()).orElseThrow(() -> new DependencyUnavailableException(
                    ErrorCode.STORE_UNAVAILABLE, "Tablestore row of video " + key.videoId() + " in table " + table
                            + " exists but holds no key"));
        }
    }

    @Override
    public ClaimResult claimSubmission(String videoId, Instant now, Duration lease) {
        Objects.requireNonNull(now, "now");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        CompositeColumnValueCondition stale = new CompositeColumnValueCondition(LogicOperator.AND)
                .addCondition(column(JOB_STATE, CompareOperator.EQUAL, ColumnValue.fromString(SUBMITTING), false))
                .addCondition(column(JOB_UPDATED_AT_MS, CompareOperator.LESS_THAN,
                        ColumnValue.fromLong(now.minus(lease).toEpochMilli()), false));
        CompositeColumnValueCondition claimable = new CompositeColumnValueCondition(LogicOperator.OR)
                .addCondition(column(JOB_STATE, CompareOperator.EQUAL,
                        ColumnValue.fromString(NEVER_WRITTEN_STATE), true))
                .addCondition(stale);
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .put(JOB_STATE, ColumnValue.fromString(SUBMITTING))
                .put(JOB_UPDATED_AT_MS, ColumnValue.fromLong(now.toEpochMilli()));
        change.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST, claimable));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
            return ClaimResult.CLAIMED;
        } catch (ConditionFailed e) {
            // No row, a submitted job, or a live claim when the write was tried.
            Row row = read(videoId, CIPHERTEXT, JOB_STATE);
            if (latest(row, CIPHERTEXT) == null) {
                throw new IllegalStateException("video " + videoId + " has no registered key to claim a job for");
            }
            ColumnValue state = latest(row, JOB_STATE);
            return state != null && SUBMITTED.equals(state.asString()) ? ClaimResult.ALREADY_SUBMITTED
                    : ClaimResult.IN_PROGRESS;
        }
    }

    @Override
    public void markSubmitted(String videoId, String jobId, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .put(JOB_STATE, ColumnValue.fromString(SUBMITTED))
                .put(JOB_ID, ColumnValue.fromString(jobId))
                .put(JOB_UPDATED_AT_MS, ColumnValue.fromLong(now.toEpochMilli()));
        change.setCondition(whileSubmitting());
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
        } catch (ConditionFailed e) {
            Optional<JobRecord> job = job(videoId);
            if (job.isPresent() && jobId.equals(job.get().jobId())) {
                return; // already recorded: idempotent
            }
            throw new IllegalStateException(job.isPresent() && job.get().state() == JobRecord.State.SUBMITTED
                    ? "video " + videoId + " already has job " + job.get().jobId() + " submitted"
                    : "video " + videoId + " holds no claim to mark submitted");
        }
    }

    @Override
    public void releaseClaim(String videoId) {
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .deleteColumns(JOB_STATE)
                .deleteColumns(JOB_ID)
                .deleteColumns(JOB_UPDATED_AT_MS);
        change.setCondition(whileSubmitting());
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
        } catch (ConditionFailed e) {
            // No claim held (none taken, or the job submitted): nothing to release.
        }
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        Row row = read(videoId, JOB_STATE, JOB_ID, JOB_UPDATED_AT_MS);
        ColumnValue state = latest(row, JOB_STATE);
        ColumnValue updatedAt = latest(row, JOB_UPDATED_AT_MS);
        if (state == null || updatedAt == null) {
            return Optional.empty();
        }
        ColumnValue jobId = latest(row, JOB_ID);
        return Optional.of(new JobRecord(JobRecord.State.valueOf(state.asString()),
                jobId == null ? null : jobId.asString(), Instant.ofEpochMilli(updatedAt.asLong())));
    }

    /** EXPECT_EXIST and {@code job_state == SUBMITTING}: a claim is held. */
    private static Condition whileSubmitting() {
        return expect(RowExistenceExpectation.EXPECT_EXIST,
                column(JOB_STATE, CompareOperator.EQUAL, ColumnValue.fromString(SUBMITTING), false));
    }

    private Row read(String videoId, String... columns) {
        return TablestoreErrors.call("GetRow", table, () -> rows.getRow(getLatest(table, key(videoId), columns)))
                .getRow();
    }

    private static PrimaryKey key(String videoId) {
        return primaryKey(PK, videoId);
    }
}
