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
import com.alicloud.openservices.tablestore.model.condition.ColumnCondition;
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
 * <p>The job record lives in the same row: {@code job_state} ({@code SUBMITTING}, {@code UNCERTAIN} or
 * {@code SUBMITTED}; absent when no claim is held), {@code job_holder} (the claim holder's id, while not submitted),
 * {@code job_id} (only once submitted) and {@code job_updated_at_ms}. Every change is one UpdateRow with EXPECT_EXIST
 * (so only registered videos have job records) and a column condition:
 * <ul>
 *   <li>claim: {@code job_state == "NONE"} with passIfMissing. {@code NONE} is never written, so the condition holds
 *       exactly when the column is absent (Tablestore has no "column missing" test of its own);
 *   <li>takeover, tried when the claim's condition failed: {@code job_state == UNCERTAIN} OR ({@code job_state ==
 *       SUBMITTING} AND {@code job_updated_at_ms < now - lease}), without passIfMissing;
 *   <li>mark submitted, mark uncertain, release: {@code job_state == SUBMITTING} AND {@code job_holder == holder},
 *       so a holder whose claim was taken over changes nothing.
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
    static final String JOB_HOLDER = "job_holder";
    static final String JOB_UPDATED_AT_MS = "job_updated_at_ms";
    /** Compared against in the claim condition, never written: the comparison passes only when the column is absent. */
    static final String NEVER_WRITTEN_STATE = "NONE";
    private static final String SUBMITTING = JobRecord.State.SUBMITTING.name();
    private static final String UNCERTAIN = JobRecord.State.UNCERTAIN.name();
    /** The holder reported for a claim written before claims had holders. */
    static final String UNKNOWN_HOLDER = "unknown";
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
    public ClaimResult claimSubmission(String videoId, String holder, Instant now, Duration lease) {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(now, "now");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        if (claim(videoId, holder, now, column(JOB_STATE, CompareOperator.EQUAL,
                ColumnValue.fromString(NEVER_WRITTEN_STATE), true))) {
            return ClaimResult.CLAIMED;
        }
        CompositeColumnValueCondition stale = new CompositeColumnValueCondition(LogicOperator.AND)
                .addCondition(column(JOB_STATE, CompareOperator.EQUAL, ColumnValue.fromString(SUBMITTING), false))
                .addCondition(column(JOB_UPDATED_AT_MS, CompareOperator.LESS_THAN,
                        ColumnValue.fromLong(now.minus(lease).toEpochMilli()), false));
        CompositeColumnValueCondition takeable = new CompositeColumnValueCondition(LogicOperator.OR)
                .addCondition(column(JOB_STATE, CompareOperator.EQUAL, ColumnValue.fromString(UNCERTAIN), false))
                .addCondition(stale);
        if (claim(videoId, holder, now, takeable)) {
            return ClaimResult.TAKEN_OVER;
        }
        // No row, a submitted job, or a live claim when the writes were tried.
        Row row = read(videoId, CIPHERTEXT, JOB_STATE);
        if (latest(row, CIPHERTEXT) == null) {
            throw new IllegalStateException("video " + videoId + " has no registered key to claim a job for");
        }
        ColumnValue state = latest(row, JOB_STATE);
        return state != null && SUBMITTED.equals(state.asString()) ? ClaimResult.ALREADY_SUBMITTED
                : ClaimResult.IN_PROGRESS;
    }

    /** One conditional claim write; whether the condition held. */
    private boolean claim(String videoId, String holder, Instant now, ColumnCondition condition) {
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .put(JOB_STATE, ColumnValue.fromString(SUBMITTING))
                .put(JOB_HOLDER, ColumnValue.fromString(holder))
                .put(JOB_UPDATED_AT_MS, ColumnValue.fromLong(now.toEpochMilli()));
        change.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST, condition));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
            return true;
        } catch (ConditionFailed e) {
            return false;
        }
    }

    @Override
    public void markSubmitted(String videoId, String holder, String jobId, Instant now) {
        Objects.requireNonNull(jobId, "jobId");
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .put(JOB_STATE, ColumnValue.fromString(SUBMITTED))
                .put(JOB_ID, ColumnValue.fromString(jobId))
                .put(JOB_UPDATED_AT_MS, ColumnValue.fromLong(now.toEpochMilli()))
                .deleteColumns(JOB_HOLDER);
        change.setCondition(heldBy(holder));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
        } catch (ConditionFailed e) {
            Optional<JobRecord> job = job(videoId);
            if (job.isPresent() && jobId.equals(job.get().jobId())) {
                return; // already recorded: idempotent
            }
            throw new IllegalStateException(JobRecord.notHeldMessage(videoId, job.orElse(null)));
        }
    }

    @Override
    public void releaseClaim(String videoId, String holder) {
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .deleteColumns(JOB_STATE)
                .deleteColumns(JOB_ID)
                .deleteColumns(JOB_HOLDER)
                .deleteColumns(JOB_UPDATED_AT_MS);
        change.setCondition(heldBy(holder));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
        } catch (ConditionFailed e) {
            // The holder holds no claim (none taken, the job submitted, or taken over): nothing to release.
        }
    }

    @Override
    public void markUncertain(String videoId, String holder, Instant now) {
        RowUpdateChange change = new RowUpdateChange(table, key(videoId))
                .put(JOB_STATE, ColumnValue.fromString(UNCERTAIN))
                .put(JOB_UPDATED_AT_MS, ColumnValue.fromLong(now.toEpochMilli()));
        change.setCondition(heldBy(holder));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
        } catch (ConditionFailed e) {
            // The holder holds no claim any more: whoever took it over asks the transcoder anyway.
        }
    }

    @Override
    public Optional<JobRecord> job(String videoId) {
        Row row = read(videoId, JOB_STATE, JOB_ID, JOB_HOLDER, JOB_UPDATED_AT_MS);
        ColumnValue state = latest(row, JOB_STATE);
        ColumnValue updatedAt = latest(row, JOB_UPDATED_AT_MS);
        if (state == null || updatedAt == null) {
            return Optional.empty();
        }
        JobRecord.State s = JobRecord.State.valueOf(state.asString());
        ColumnValue jobId = latest(row, JOB_ID);
        ColumnValue holder = latest(row, JOB_HOLDER);
        return Optional.of(new JobRecord(s, jobId == null ? null : jobId.asString(),
                s == JobRecord.State.SUBMITTED ? null : holder == null ? UNKNOWN_HOLDER : holder.asString(),
                Instant.ofEpochMilli(updatedAt.asLong())));
    }

    /** EXPECT_EXIST, {@code job_state == SUBMITTING} and {@code job_holder == holder}: the holder holds the claim. */
    private static Condition heldBy(String holder) {
        return expect(RowExistenceExpectation.EXPECT_EXIST, new CompositeColumnValueCondition(LogicOperator.AND)
                .addCondition(column(JOB_STATE, CompareOperator.EQUAL, ColumnValue.fromString(SUBMITTING), false))
                .addCondition(column(JOB_HOLDER, CompareOperator.EQUAL,
                        ColumnValue.fromString(Objects.requireNonNull(holder, "holder")), false)));
    }

    private Row read(String videoId, String... columns) {
        return TablestoreErrors.call("GetRow", table, () -> rows.getRow(getLatest(table, key(videoId), columns)))
                .getRow();
    }

    private static PrimaryKey key(String videoId) {
        return primaryKey(PK, videoId);
    }
}
