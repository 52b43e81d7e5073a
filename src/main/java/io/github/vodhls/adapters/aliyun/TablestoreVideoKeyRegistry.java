package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreRequests.expect;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.getLatest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.latest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.primaryKey;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import io.github.vodhls.adapters.aliyun.TablestoreErrors.ConditionFailed;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link VideoKeyRegistry} in one Tablestore table (primary key {@code video_id} STRING; columns
 * {@code ciphertext}, {@code created_at_ms}). A registration is one PutRow with EXPECT_NOT_EXIST, so exactly one
 * caller wins; the others read and return the winner's key. Reads ask only for these two columns, leaving the
 * row free to carry more (a later {@code state} column for transcoding jobs, written with EXPECT_EXIST).
 */
public final class TablestoreVideoKeyRegistry implements VideoKeyRegistry {

    static final String PK = "video_id";
    static final String CIPHERTEXT = "ciphertext";
    static final String CREATED_AT_MS = "created_at_ms";

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
                () -> rows.getRow(getLatest(table, primaryKey(PK, videoId), CIPHERTEXT, CREATED_AT_MS))).getRow();
        ColumnValue ciphertext = latest(row, CIPHERTEXT);
        ColumnValue createdAt = latest(row, CREATED_AT_MS);
        if (ciphertext == null || createdAt == null) {
            return Optional.empty();
        }
        return Optional.of(new VideoKey(videoId, ciphertext.asString(), Instant.ofEpochMilli(createdAt.asLong())));
    }

    @Override
    public VideoKey registerIfAbsent(VideoKey key) {
        RowPutChange change = new RowPutChange(table, primaryKey(PK, key.videoId()))
                .addColumn(CIPHERTEXT, ColumnValue.fromString(key.ciphertext()))
                .addColumn(CREATED_AT_MS, ColumnValue.fromLong(key.createdAt().toEpochMilli()));
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
}
