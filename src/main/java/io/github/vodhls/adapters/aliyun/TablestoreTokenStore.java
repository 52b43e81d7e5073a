package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreRequests.column;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.expect;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.getLatest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.latest;
import static io.github.vodhls.adapters.aliyun.TablestoreRequests.primaryKey;

import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition.LogicOperator;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import io.github.vodhls.adapters.aliyun.TablestoreErrors.ConditionFailed;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.token.TokenStanding;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.ViewerStreams;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link TokenStore} in one Tablestore table (primary key {@code token_id} STRING). Token rows are keyed by the
 * token id; a video's revocation cut-off lives in the same table under the reserved key
 * {@code video#<videoId>}, and a viewer's stream-limit state under {@code viewer#<userId>}; no token id may take
 * either prefix. Every state change is one conditional write, so any number of function instances agree (layout
 * and writes: {@code docs/tablestore.md}).
 *
 * <p>{@link #consume} is a single UpdateRow that increments {@code uses} by one under the condition
 * "row exists AND uses &lt; maxUses AND revoked = false" (and, for a token past its {@code exp}, "AND
 * session_until_ms &gt;= now", a missing column failing it), moving {@code session_until_ms} in the same write and
 * returning the counter after the change. Only when the condition fails does a GetRow tell UNKNOWN, REVOKED,
 * EXHAUSTED and EXPIRED apart. {@link #extend} is the same UpdateRow without the increment.
 *
 * <p>{@link #updateViewerStreams} is a compare-and-set on the viewer row's {@code version}: PutRow EXPECT_NOT_EXIST
 * for the first state, then UpdateRow EXPECT_EXIST AND "version = the one read", which puts version + 1.
 */
public final class TablestoreTokenStore implements TokenStore {

    /** The primary key column (STRING) of the token table; template.yml creates the table with it. */
    public static final String PK = "token_id";
    static final String USES = "uses";
    static final String MAX_USES = "max_uses";
    static final String VIDEO_ID = "video_id";
    static final String USER_ID = "user_id";
    static final String ISSUED_AT_MS = "issued_at_ms";
    static final String EXPIRES_AT_MS = "expires_at_ms";
    static final String REVOKED = "revoked";
    static final String REVOKED_BEFORE_MS = "revoked_before_ms";
    /**
     * The end of the token's play session, epoch ms: its {@code exp} when recorded, then moved by each granted fetch
     * (absent only in rows recorded before sessions existed, which then end at their {@code exp}).
     */
    static final String SESSION_UNTIL_MS = "session_until_ms";
    static final String VIDEO_KEY_PREFIX = "video#";
    static final String VIEWER_KEY_PREFIX = "viewer#";
    static final String VERSION = "version";
    static final String RECENT_ISSUES_MS = "recent_issues_ms";
    static final String LIVE_TOKENS = "live_tokens";

    /** Attempts of the revokeVideo compare-and-set; only a concurrent first revocation forces a second one. */
    static final int REVOKE_VIDEO_ATTEMPTS = 5;

    private final TablestoreRows rows;
    private final String table;

    /** A store over {@code table}, which must exist with primary key {@code token_id} STRING. */
    public TablestoreTokenStore(TablestoreRows rows, String table) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public void record(TokenRecord token) {
        if (isReserved(token.tokenId())) {
            throw new IllegalArgumentException("token id must not start with " + VIDEO_KEY_PREFIX + " or "
                    + VIEWER_KEY_PREFIX);
        }
        RowPutChange change = new RowPutChange(table, primaryKey(PK, token.tokenId()))
                .addColumn(USES, ColumnValue.fromLong(0))
                .addColumn(MAX_USES, ColumnValue.fromLong(token.maxUses()))
                .addColumn(VIDEO_ID, ColumnValue.fromString(token.videoId()))
                .addColumn(USER_ID, ColumnValue.fromString(token.userId()))
                .addColumn(ISSUED_AT_MS, ColumnValue.fromLong(token.issuedAt().toEpochMilli()))
                .addColumn(EXPIRES_AT_MS, ColumnValue.fromLong(token.expiresAt().toEpochMilli()))
                .addColumn(SESSION_UNTIL_MS, ColumnValue.fromLong(token.expiresAt().toEpochMilli()))
                .addColumn(REVOKED, ColumnValue.fromBoolean(false));
        change.setCondition(expect(RowExistenceExpectation.EXPECT_NOT_EXIST));
        try {
            TablestoreErrors.conditional("PutRow", table, () -> rows.putRow(new PutRowRequest(change)));
        } catch (ConditionFailed e) {
            throw new IllegalStateException("token id already recorded: " + token.tokenId());
        }
    }

    @Override
    public ConsumeResult consume(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        if (isReserved(tokenId)) {
            return ConsumeResult.unknown();
        }
        RowUpdateChange change = grantingChange(tokenId, maxUses, activeAt, slideTo);
        change.increment(new Column(USES, ColumnValue.fromLong(1)));
        change.setReturnType(ReturnType.RT_AFTER_MODIFY);
        change.addReturnColumn(USES);
        UpdateRowResponse response;
        try {
            response = TablestoreErrors.conditional("UpdateRow", table,
                    () -> rows.updateRow(new UpdateRowRequest(change)));
        } catch (ConditionFailed e) {
            return ConsumeResult.refused(whyRefused(tokenId, maxUses, activeAt));
        }
        ColumnValue usesAfter = latest(response.getRow(), USES);
        if (usesAfter == null) {
            throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE,
                    "Tablestore UpdateRow on table " + table + " returned no " + USES + " column");
        }
        return ConsumeResult.consumed(Math.toIntExact(usesAfter.asLong()));
    }

    @Override
    public TokenStanding extend(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        if (isReserved(tokenId)) {
            return TokenStanding.UNKNOWN;
        }
        RowUpdateChange change = grantingChange(tokenId, maxUses, activeAt, Objects.requireNonNull(slideTo,
                "slideTo"));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
            return TokenStanding.ACTIVE;
        } catch (ConditionFailed e) {
            return whyRefused(tokenId, maxUses, activeAt);
        }
    }

    /**
     * The update of a token that grants a use or an extension: "row exists AND uses &lt; maxUses AND revoked =
     * false", and, with {@code activeAt}, "AND session_until_ms &gt;= activeAt" (a missing column fails); it puts
     * {@code slideTo} as the session's end when set.
     */
    private RowUpdateChange grantingChange(String tokenId, int maxUses, Instant activeAt, Instant slideTo) {
        RowUpdateChange change = new RowUpdateChange(table, primaryKey(PK, tokenId));
        CompositeColumnValueCondition grants = new CompositeColumnValueCondition(LogicOperator.AND)
                .addCondition(column(USES, CompareOperator.LESS_THAN, ColumnValue.fromLong(maxUses), false))
                .addCondition(column(REVOKED, CompareOperator.EQUAL, ColumnValue.fromBoolean(false), false));
        if (activeAt != null) {
            grants.addCondition(column(SESSION_UNTIL_MS, CompareOperator.GREATER_EQUAL,
                    ColumnValue.fromLong(activeAt.toEpochMilli()), false));
        }
        if (slideTo != null) {
            change.put(SESSION_UNTIL_MS, ColumnValue.fromLong(slideTo.toEpochMilli()));
        }
        change.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST, grants));
        return change;
    }

    /**
     * Tells why a granting write was refused: revoked, then exhausted, then expired; {@code ACTIVE} when a refresh
     * moved the session's end in between ({@link ConsumeResult#refused} answers that as expired). A row that appeared
     * after that write counts as unknown. The session's end is put, not raised: a fetch with a token older than a
     * refresh can move it back to its own slide (Tablestore has no max in one write); the refreshed token's own
     * {@code exp} still holds.
     */
    private TokenStanding whyRefused(String tokenId, int maxUses, Instant activeAt) {
        Row row = TablestoreErrors.call("GetRow", table,
                () -> rows.getRow(getLatest(table, primaryKey(PK, tokenId), USES, REVOKED, SESSION_UNTIL_MS)))
                .getRow();
        return standingOf(row, maxUses, activeAt);
    }

    private static TokenStanding standingOf(Row row, int maxUses, Instant activeAt) {
        if (row == null) {
            return TokenStanding.UNKNOWN;
        }
        ColumnValue revoked = latest(row, REVOKED);
        ColumnValue uses = latest(row, USES);
        ColumnValue until = latest(row, SESSION_UNTIL_MS);
        if (revoked != null && revoked.asBoolean()) {
            return TokenStanding.REVOKED;
        }
        if (uses != null && uses.asLong() >= maxUses) {
            return TokenStanding.EXHAUSTED;
        }
        boolean active = activeAt == null || until != null && until.asLong() >= activeAt.toEpochMilli();
        return active ? TokenStanding.ACTIVE : TokenStanding.EXPIRED;
    }

    /**
     * One GetRow of the token's {@code revoked} column (and {@code session_until_ms} with {@code activeAt}); no row
     * is {@code UNKNOWN}.
     */
    @Override
    public TokenStanding standing(String tokenId, Instant activeAt) {
        if (isReserved(tokenId)) {
            return TokenStanding.UNKNOWN;
        }
        String[] columns = activeAt == null ? new String[] {REVOKED} : new String[] {REVOKED, SESSION_UNTIL_MS};
        Row row = TablestoreErrors.call("GetRow", table,
                () -> rows.getRow(getLatest(table, primaryKey(PK, tokenId), columns))).getRow();
        return standingOf(row, Integer.MAX_VALUE, activeAt);
    }

    @Override
    public boolean revoke(String tokenId) {
        if (isReserved(tokenId)) {
            return false;
        }
        RowUpdateChange change = new RowUpdateChange(table, primaryKey(PK, tokenId))
                .put(REVOKED, ColumnValue.fromBoolean(true));
        change.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST));
        try {
            TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(change)));
            return true;
        } catch (ConditionFailed e) {
            return false;
        }
    }

    /**
     * Compare-and-set on the video row, bounded: a missing row is created with PutRow EXPECT_NOT_EXIST; an
     * existing one is raised with UpdateRow EXPECT_EXIST and "revoked_before_ms &lt; new". A failed condition
     * means another caller wrote first: read again, and stop once the stored cut-off is at or after ours.
     */
    @Override
    public void revokeVideo(String videoId, Instant issuedAtOrBefore) {
        long cutoffMs = issuedAtOrBefore.toEpochMilli();
        PrimaryKey key = primaryKey(PK, VIDEO_KEY_PREFIX + videoId);
        for (int attempt = 0; attempt < REVOKE_VIDEO_ATTEMPTS; attempt++) {
            Row row = readVideoRow(key);
            ColumnValue current = latest(row, REVOKED_BEFORE_MS);
            if (current != null && current.asLong() >= cutoffMs) {
                return;
            }
            try {
                if (row == null) {
                    RowPutChange put = new RowPutChange(table, key)
                            .addColumn(REVOKED_BEFORE_MS, ColumnValue.fromLong(cutoffMs));
                    put.setCondition(expect(RowExistenceExpectation.EXPECT_NOT_EXIST));
                    TablestoreErrors.conditional("PutRow", table, () -> rows.putRow(new PutRowRequest(put)));
                } else {
                    RowUpdateChange update = new RowUpdateChange(table, key)
                            .put(REVOKED_BEFORE_MS, ColumnValue.fromLong(cutoffMs));
                    update.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST, column(REVOKED_BEFORE_MS,
                            CompareOperator.LESS_THAN, ColumnValue.fromLong(cutoffMs), true)));
                    TablestoreErrors.conditional("UpdateRow", table,
                            () -> rows.updateRow(new UpdateRowRequest(update)));
                }
                return;
            } catch (ConditionFailed e) {
                // Someone else wrote the row meanwhile: read it again.
            }
        }
        throw new DependencyUnavailableException(ErrorCode.STORE_UNAVAILABLE, "Tablestore revocation of video "
                + videoId + " on table " + table + " still contended after " + REVOKE_VIDEO_ATTEMPTS + " attempts");
    }

    @Override
    public Optional<Instant> videoRevokedBefore(String videoId) {
        ColumnValue cutoff = latest(readVideoRow(primaryKey(PK, VIDEO_KEY_PREFIX + videoId)), REVOKED_BEFORE_MS);
        return cutoff == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(cutoff.asLong()));
    }

    private Row readVideoRow(PrimaryKey key) {
        return TablestoreErrors.call("GetRow", table, () -> rows.getRow(getLatest(table, key, REVOKED_BEFORE_MS)))
                .getRow();
    }

    /** One GetRow of the viewer row's three columns; no row is version 0, an absent text column an empty list. */
    @Override
    public ViewerStreams viewerStreams(String userId) {
        Row row = TablestoreErrors.call("GetRow", table, () -> rows.getRow(getLatest(table,
                primaryKey(PK, VIEWER_KEY_PREFIX + userId), VERSION, RECENT_ISSUES_MS, LIVE_TOKENS))).getRow();
        ColumnValue version = latest(row, VERSION);
        if (version == null) {
            return ViewerStreams.none();
        }
        ColumnValue issues = latest(row, RECENT_ISSUES_MS);
        ColumnValue live = latest(row, LIVE_TOKENS);
        return ViewerStreams.decode(version.asLong(), issues == null ? "" : issues.asString(),
                live == null ? "" : live.asString());
    }

    /**
     * Compare-and-set on the viewer row's {@code version}. An empty list is written as an absent column (deleted on
     * UpdateRow): an empty STRING value is never sent.
     */
    @Override
    public boolean updateViewerStreams(String userId, ViewerStreams next) {
        PrimaryKey key = primaryKey(PK, VIEWER_KEY_PREFIX + userId);
        Column version = new Column(VERSION, ColumnValue.fromLong(next.version() + 1));
        Column issues = new Column(RECENT_ISSUES_MS, ColumnValue.fromString(next.encodedIssues()));
        Column live = new Column(LIVE_TOKENS, ColumnValue.fromString(next.encodedLive()));
        try {
            if (next.version() == 0) {
                RowPutChange put = new RowPutChange(table, key).addColumn(version);
                for (Column text : new Column[] {issues, live}) {
                    if (!text.getValue().asString().isEmpty()) {
                        put.addColumn(text);
                    }
                }
                put.setCondition(expect(RowExistenceExpectation.EXPECT_NOT_EXIST));
                TablestoreErrors.conditional("PutRow", table, () -> rows.putRow(new PutRowRequest(put)));
            } else {
                RowUpdateChange update = new RowUpdateChange(table, key).put(version);
                for (Column text : new Column[] {issues, live}) {
                    if (text.getValue().asString().isEmpty()) {
                        update.deleteColumns(text.getName());
                    } else {
                        update.put(text);
                    }
                }
                update.setCondition(expect(RowExistenceExpectation.EXPECT_EXIST, column(VERSION,
                        CompareOperator.EQUAL, ColumnValue.fromLong(next.version()), false)));
                TablestoreErrors.conditional("UpdateRow", table, () -> rows.updateRow(new UpdateRowRequest(update)));
            }
            return true;
        } catch (ConditionFailed e) {
            return false;
        }
    }

    private static boolean isReserved(String tokenId) {
        return tokenId.startsWith(VIDEO_KEY_PREFIX) || tokenId.startsWith(VIEWER_KEY_PREFIX);
    }
}
