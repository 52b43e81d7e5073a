package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.LiveToken;
import io.github.vodhls.core.token.ViewerStreams;
import io.github.vodhls.core.token.TokenRecord;
import io.github.vodhls.core.token.TokenStore;
import io.github.vodhls.core.token.TokenStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token store contract, run against the real adapter over a fake that enforces Tablestore's semantics. */
class TablestoreTokenStoreTest extends TokenStoreContract {

    private static final String TOKENS = "tokens";

    private FakeTablestoreRows rows;

    @Override
    protected TokenStore store() {
        rows = new FakeTablestoreRows();
        new TablestoreSchema(rows, TOKENS, "videos").createTables();
        return new TablestoreTokenStore(rows, TOKENS);
    }

    @Test
    void record_writesEveryColumnWithZeroUses() {
        TokenStore store = store();
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        store.record(new TokenRecord("t1", "video-9", "user-7", 4, issued, issued.plusSeconds(600)));
        assertEquals(Map.of(
                "uses", ColumnValue.fromLong(0),
                "max_uses", ColumnValue.fromLong(4),
                "session_until_ms", ColumnValue.fromLong(issued.plusSeconds(600).toEpochMilli()),
                "video_id", ColumnValue.fromString("video-9"),
                "user_id", ColumnValue.fromString("user-7"),
                "issued_at_ms", ColumnValue.fromLong(issued.toEpochMilli()),
                "expires_at_ms", ColumnValue.fromLong(issued.plusSeconds(600).toEpochMilli()),
                "revoked", ColumnValue.fromBoolean(false)), rows.row(TOKENS, "t1"));
    }

    @Test
    void consume_whenGranted_makesExactlyOneUpdateRow() {
        TokenStore store = store();
        store.record(token("t1", 3));
        int before = rows.calls().size();
        assertEquals(1, store.consume("t1", 3).usesAfter());
        assertEquals(List.of("UpdateRow " + TOKENS), rows.calls().subList(before, rows.calls().size()));
    }

    @Test
    void consume_whenRefused_neverCountsPastTheLimit() {
        TokenStore store = store();
        store.record(token("t1", 1));
        store.consume("t1", 1);
        for (int i = 0; i < 5; i++) {
            assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume("t1", 1).status());
        }
        assertEquals(ColumnValue.fromLong(1), rows.row(TOKENS, "t1").get("uses"));
    }

    @Test
    void consume_whenRevokedAndExhausted_isRevoked() {
        TokenStore store = store();
        store.record(token("t1", 1));
        store.consume("t1", 1);
        store.revoke("t1");
        assertEquals(ConsumeResult.Status.REVOKED, store.consume("t1", 1).status());
    }

    @Test
    void record_whenIdTakesTheVideoPrefix_isRejected() {
        TokenStore store = store();
        assertThrows(IllegalArgumentException.class, () -> store.record(token("video#v1", 1)));
    }

    @Test
    void tokenOperations_onAVideoRevocationRow_seeNoToken() {
        TokenStore store = store();
        store.revokeVideo("v1", Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(ConsumeResult.Status.UNKNOWN, store.consume("video#v1", 3).status());
        assertFalse(store.revoke("video#v1"));
        assertEquals(Map.of("revoked_before_ms", ColumnValue.fromLong(1767225600000L)),
                rows.row(TOKENS, "video#v1"));
    }

    @Test
    void updateViewerStreams_writesTheViewerRow_andAnEmptyListAsAnAbsentColumn() {
        TokenStore store = store();
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        ViewerStreams first = ViewerStreams.none().with(List.of(1767225600000L),
                List.of(new LiveToken("t1", "video-1", "tv", issued, issued.plusSeconds(3600))));
        assertTrue(store.updateViewerStreams("alice", first));
        assertEquals(Map.of(
                "version", ColumnValue.fromLong(1),
                "recent_issues_ms", ColumnValue.fromString("1767225600000"),
                "live_tokens", ColumnValue.fromString("t1 video-1 1767225600 1767229200 tv")),
                rows.row(TOKENS, "viewer#alice"));
        assertTrue(store.updateViewerStreams("alice", store.viewerStreams("alice").with(List.of(1767225600000L),
                List.of())));
        assertEquals(Map.of(
                "version", ColumnValue.fromLong(2),
                "recent_issues_ms", ColumnValue.fromString("1767225600000")), rows.row(TOKENS, "viewer#alice"));
        assertEquals(List.of(), store.viewerStreams("alice").live());
        assertTrue(store.updateViewerStreams("bob", ViewerStreams.none().with(List.of(), List.of())));
        assertEquals(Map.of("version", ColumnValue.fromLong(1)), rows.row(TOKENS, "viewer#bob"));
        assertEquals(ViewerStreams.none().atVersion(1), store.viewerStreams("bob"));
    }

    @Test
    void record_whenIdTakesTheViewerPrefix_isRejected() {
        TokenStore store = store();
        assertThrows(IllegalArgumentException.class, () -> store.record(token("viewer#alice", 1)));
    }

    @Test
    void updateViewerStreams_whenStoreBusy_isStoreUnavailable_andWritesNothing() {
        TokenStore store = store();
        rows.failNextCall(new TableStoreException("busy", null, "OTSServerBusy", "req-1", 503));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.updateViewerStreams("alice", ViewerStreams.none().with(List.of(1L), List.of())));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertEquals(ViewerStreams.none(), store.viewerStreams("alice"));
    }

    @Test
    void consume_whenStoreBusy_isStoreUnavailable() {
        TokenStore store = store();
        store.record(token("t1", 3));
        rows.failNextCall(new TableStoreException("busy", null, "OTSServerBusy", "req-1", 503));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.consume("t1", 3));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertEquals(1, store.consume("t1", 3).usesAfter(), "the failed call consumed nothing");
    }

    @Test
    void revokeVideo_whenNetworkFails_isStoreUnavailable() {
        TokenStore store = store();
        rows.failNextCall(new ClientException("connection reset"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.revokeVideo("v1", Instant.EPOCH));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }

    @Test
    void tablesCreatedBySchema_keepOneVersionAndNeverExpire() {
        store();
        assertEquals(1, rows.options(TOKENS).getMaxVersions());
        assertEquals(-1, rows.options(TOKENS).getTimeToLive());
    }
}
