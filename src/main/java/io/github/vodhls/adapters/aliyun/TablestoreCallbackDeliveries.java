package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreRequests.column;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.expect;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.getLatest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.latest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.primaryKey;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import io.github.vodhls.adapters.aliyun.TablestoreErrors.ConditionFailed;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.CallbackDeliveries;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link CallbackDeliveries} in the video table ({@link TablestoreVideoKeyRegistry}'s), one row per signed pair under
 * the primary key {@code callback#<pairId>} ({@code #} is never part of a video id, so these rows never meet a
 * video's), with {@code callback_body_sha256} and {@code callback_expires_at_ms}. The upload-callback function
 * already reads and writes that table, so it needs no other table or permission.
 *
 * <p>A bind is at most three requests, each well defined: PutRow with EXPECT_NOT_EXIST (the pair is new:
 * {@code FIRST}); when that fails, UpdateRow with EXPECT_EXIST and {@code callback_expires_at_ms < now} (the old
 * binding expired: rebound, {@code FIRST}); when that fails too, GetRow of the body hash ({@code SAME_BODY} or
 * {@code OTHER_BODY}). The table keeps its rows (TTL -1): one small row per signed delivery stays after its window;
 * see docs/tablestore.md.
 */
public final class TablestoreCallbackDeliveries implements CallbackDeliveries {
    /** Prefix of the rows' primary key values. */
    public static final String KEY_PREFIX = "callback#";
    static final String BODY_SHA256 = "callback_body_sha256";
    static final String EXPIRES_AT_MS = "callback_expires_at_ms";

    private final TablestoreRows rows;
    private final String table;

    /** A store in {@code table}, the video table (primary key {@code video_id} STRING). */
    public TablestoreCallbackDeliveries(TablestoreRows rows, String table) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Binding bind(String pairId, String bodySha256, Instant expiresAt, Instant now) {
        Objects.requireNonNull(bodySha256, "bodySha256");
        PrimaryKey key = primaryKey(TablestoreVideoKeyRegistry.PK, KEY_PREFIX + Objects.requireNonNull(pairId,
                "pairId"));
        ColumnValue hash = ColumnValue.fromString(bodySha256);
        ColumnValue expiry = ColumnValue.fromLong(expiresAt.toEpochMilli());
        RowPutChange put = new RowPutChange(table, key).addColumn(BODY_SHA256, hash).addColumn(EXPIRES_AT_MS, expiry);
        put.setCondition(expect(RowExistenceExpectation.EXPECT_NOT_EXIST));
        try {
            TablestoreErrors.conditional("PutRow", table, () -> rows.putRow(new PutRowRequest(put)));
            return Binding.FIRST;
        } catch (ConditionFailed bound) {
            // the pair has a binding: rebind it if it expired
        }
        RowUpdateChange rebind = new RowUpdateChange(table, key).put(BODY_SHA256, hash).put(EXPIRES_AT_MS, expiry);
        rebind.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST, column(EXPIRES_AT_MS,
                CompareOperator.LESS_THAN, ColumnValue.fromLong(now.toEpochMilli()), false)));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(rebind)));
            return Binding.FIRST;
        } catch (ConditionFailed live) {
            // a live binding: same body or another
        }
        Row row = TablestoreErrors.call("GetRow", table, () -> rows.getRow(getLatest(table, key, BODY_SHA256)))
                .getRow();
        ColumnValue stored = latest(row, BODY_SHA256);
        if (stored == null) {
            // Bindings are never deleted: the row that refused both writes is there to read.
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "Tablestore row of a callback "
                    + "delivery in table " + table + " refused the writes but holds no body hash");
        }
        return stored.asString().equals(bodySha256) ? Binding.SAME_BODY : Binding.OTHER_BODY;
    }

    @Override
    public String toString() {
        return "TablestoreCallbackDeliveries[table=" + table + "]";
    }
}
