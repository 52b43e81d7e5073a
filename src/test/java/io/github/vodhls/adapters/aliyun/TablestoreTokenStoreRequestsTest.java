package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClientInterface;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.utils.Pair;
import com.alicloud.openservices.tablestore.model.CapacityUnit;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.ConsumedCapacity;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Response;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;
import com.alicloud.openservices.tablestore.model.condition.ColumnCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition.LogicOperator;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.token.ConsumeResult;
import io.github.vodhls.core.token.LiveToken;
import io.github.vodhls.core.token.ViewerStreams;
import io.github.vodhls.core.token.TokenStanding;
import io.github.vodhls.core.token.TokenRecord;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

/** Pins the exact SDK requests of {@link TablestoreTokenStore} and how it reads the SDK's answers. */
class TablestoreTokenStoreRequestsTest {

    private static final String TABLE = "vod_hls_tokens";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SyncClientInterface client = mock(SyncClientInterface.class);
    private final TablestoreTokenStore store = new TablestoreTokenStore(new SyncClientTablestoreRows(client), TABLE);

    static TableStoreException serviceError(String code) {
        return new TableStoreException("service said " + code, null, code, "req-42", 503);
    }

    static TableStoreException conditionFailed() {
        return new TableStoreException("Condition check failed.", null, "OTSConditionCheckFail", "req-7", 403);
    }

    private static PrimaryKey key(String value) {
        return TablestoreRequests.primaryKey("token_id", value);
    }

    private static GetRowResponse rowWith(String id, Column... columns) {
        return new GetRowResponse(new Response("r"), new Row(key(id), columns), capacity());
    }

    private static GetRowResponse noRow() {
        return new GetRowResponse(new Response("r"), null, capacity());
    }

    static ConsumedCapacity capacity() {
        return new ConsumedCapacity(new CapacityUnit(1, 1));
    }

    private UpdateRowRequest capturedUpdate() {
        ArgumentCaptor<UpdateRowRequest> captor = ArgumentCaptor.forClass(UpdateRowRequest.class);
        verify(client).updateRow(captor.capture());
        return captor.getValue();
    }

    private static void assertSingle(ColumnCondition condition, String column, CompareOperator operator,
            ColumnValue value, boolean passIfMissing) {
        SingleColumnValueCondition single = assertInstanceOf(SingleColumnValueCondition.class, condition);
        assertEquals(column, single.getColumnName());
        assertEquals(operator, single.getOperator());
        assertEquals(value, single.getColumnValue());
        assertEquals(passIfMissing, single.isPassIfMissing(), "passIfMissing of " + column);
        assertTrue(single.isLatestVersionsOnly(), "latestVersionsOnly of " + column);
    }

    @Test
    void consume_sendsOneConditionalIncrementReturningTheCounter() {
        when(client.updateRow(any())).thenReturn(new UpdateRowResponse(new Response("r"),
                new Row(key("tok"), new Column[] {new Column("uses", ColumnValue.fromLong(2), 1L)}), capacity()));

        assertEquals(ConsumeResult.consumed(2).toString(), store.consume("tok", 3).toString());

        RowUpdateChange change = capturedUpdate().getRowChange();
        assertEquals(TABLE, change.getTableName());
        assertEquals(key("tok"), change.getPrimaryKey());
        List<Pair<Column, RowUpdateChange.Type>> updates = change.getColumnsToUpdate();
        assertEquals(1, updates.size());
        assertEquals("uses", updates.get(0).getFirst().getName());
        assertEquals(ColumnValue.fromLong(1), updates.get(0).getFirst().getValue());
        assertEquals(RowUpdateChange.Type.INCREMENT, updates.get(0).getSecond());
        assertEquals(ReturnType.RT_AFTER_MODIFY, change.getReturnType());
        assertEquals(Set.of("uses"), change.getReturnColumnNames());

        Condition condition = change.getCondition();
        assertEquals(RowExistenceExpectation.EXPECT_EXIST, condition.getRowExistenceExpectation());
        CompositeColumnValueCondition and = assertInstanceOf(CompositeColumnValueCondition.class,
                condition.getColumnCondition());
        assertEquals(LogicOperator.AND, and.getOperationType());
        assertEquals(2, and.getSubConditions().size());
        assertSingle(and.getSubConditions().get(0), "uses", CompareOperator.LESS_THAN, ColumnValue.fromLong(3),
                false);
        assertSingle(and.getSubConditions().get(1), "revoked", CompareOperator.EQUAL, ColumnValue.fromBoolean(false),
                false);
        verify(client, never()).getRow(any());
    }

    @Test
    void consume_inAPlaySession_checksAndMovesTheSessionsEnd_inTheSameUpdate() {
        when(client.updateRow(any())).thenReturn(new UpdateRowResponse(new Response("r"),
                new Row(key("tok"), new Column[] {new Column("uses", ColumnValue.fromLong(2), 1L)}), capacity()));
        java.time.Instant activeAt = java.time.Instant.ofEpochMilli(1_000_000);
        java.time.Instant slideTo = java.time.Instant.ofEpochMilli(1_900_000);

        assertEquals(2, store.consume("tok", 3, activeAt, slideTo).usesAfter());

        RowUpdateChange change = capturedUpdate().getRowChange();
        List<Pair<Column, RowUpdateChange.Type>> updates = change.getColumnsToUpdate();
        assertEquals(2, updates.size());
        assertEquals("session_until_ms", updates.get(0).getFirst().getName());
        assertEquals(ColumnValue.fromLong(1_900_000), updates.get(0).getFirst().getValue());
        assertEquals(RowUpdateChange.Type.PUT, updates.get(0).getSecond());
        assertEquals("uses", updates.get(1).getFirst().getName());
        assertEquals(RowUpdateChange.Type.INCREMENT, updates.get(1).getSecond());
        CompositeColumnValueCondition and = assertInstanceOf(CompositeColumnValueCondition.class,
                change.getCondition().getColumnCondition());
        assertEquals(3, and.getSubConditions().size());
        assertSingle(and.getSubConditions().get(2), "session_until_ms", CompareOperator.GREATER_EQUAL,
                ColumnValue.fromLong(1_000_000), false);
    }

    @Test
    void consume_whenOnlyTheSessionIsOver_isExpired() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(rowWith("tok", new Column("revoked", ColumnValue.fromBoolean(false), 1L),
                new Column("uses", ColumnValue.fromLong(1), 1L),
                new Column("session_until_ms", ColumnValue.fromLong(999_999), 1L)));
        assertEquals(ConsumeResult.Status.EXPIRED,
                store.consume("tok", 3, java.time.Instant.ofEpochMilli(1_000_000), null).status());
    }

    @Test
    void consume_whenConditionFailsAndRowMissing_isUnknown() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(noRow());
        assertEquals(ConsumeResult.Status.UNKNOWN, store.consume("tok", 3).status());
    }

    @Test
    void consume_whenConditionFailsAndRevoked_isRevoked() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(rowWith("tok", new Column("revoked", ColumnValue.fromBoolean(true), 1L),
                new Column("uses", ColumnValue.fromLong(1), 1L)));
        assertEquals(ConsumeResult.Status.REVOKED, store.consume("tok", 3).status());
    }

    @Test
    void consume_whenConditionFailsAndUsesAtLimit_isExhausted() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(rowWith("tok", new Column("revoked", ColumnValue.fromBoolean(false), 1L),
                new Column("uses", ColumnValue.fromLong(3), 1L)));
        assertEquals(ConsumeResult.Status.EXHAUSTED, store.consume("tok", 3).status());
    }

    @Test
    void consume_whenConditionFails_diagnosesWithOneLatestVersionGetRow() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(noRow());
        store.consume("tok", 3);
        assertOneLatestGetRow(Set.of("uses", "revoked", "session_until_ms"));
    }

    /** Exactly one GetRow of the token's row, latest version only, of these columns. */
    private void assertOneLatestGetRow(Set<String> columns) {
        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client, times(1)).getRow(captor.capture());
        SingleRowQueryCriteria criteria = captor.getValue().getRowQueryCriteria();
        assertEquals(TABLE, criteria.getTableName());
        assertEquals(key("tok"), criteria.getPrimaryKey());
        assertEquals(1, criteria.getMaxVersions());
        assertEquals(columns, criteria.getColumnsToGet());
    }

    @Test
    void standing_isOneLatestVersionGetRowOfTheRevokedColumn() {
        when(client.getRow(any())).thenReturn(rowWith("tok", new Column("revoked", ColumnValue.fromBoolean(true), 1L)));
        assertEquals(TokenStanding.REVOKED, store.standing("tok"));
        assertOneLatestGetRow(Set.of("revoked"));
        verify(client, never()).updateRow(any());
    }

    @Test
    void standing_missingRowIsUnknown_andARowNotRevokedIsActive() {
        when(client.getRow(any())).thenReturn(noRow());
        assertEquals(TokenStanding.UNKNOWN, store.standing("tok"));
        when(client.getRow(any())).thenReturn(rowWith("tok", new Column("revoked", ColumnValue.fromBoolean(false),
                1L)));
        assertEquals(TokenStanding.ACTIVE, store.standing("tok"));
    }

    static Stream<RuntimeException> outages() {
        return Stream.of(serviceError("OTSServerBusy"), serviceError("OTSTimeout"),
                serviceError("OTSQuotaExhausted"), serviceError("OTSObjectNotExist"),
                new ClientException("connect timed out"));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void consume_whenStoreFails_isStoreUnavailable(RuntimeException outage) {
        when(client.updateRow(any())).thenThrow(outage);
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.consume("tok", 3));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertSame(outage, e.getCause());
        assertTrue(e.getMessage().startsWith("Tablestore UpdateRow on table " + TABLE + " failed: "), e.getMessage());
        assertFalse(e.getMessage().contains("service said"), "no SDK message in ours: " + e.getMessage());
    }

    @Test
    void consume_whenDiagnosisFails_isStoreUnavailable() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenThrow(serviceError("OTSServerBusy"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.consume("tok", 3));
        assertEquals("Tablestore GetRow on table " + TABLE + " failed: OTSServerBusy (HTTP 503, request req-42)",
                e.getMessage());
    }

    @Test
    void record_putsTheRowOnlyIfAbsent() {
        store.record(new TokenRecord("tok", "vid", "usr", 5, T0, T0.plusSeconds(60)));
        ArgumentCaptor<PutRowRequest> captor = ArgumentCaptor.forClass(PutRowRequest.class);
        verify(client).putRow(captor.capture());
        RowPutChange change = captor.getValue().getRowChange();
        assertEquals(TABLE, change.getTableName());
        assertEquals(key("tok"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_NOT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertNull(change.getCondition().getColumnCondition());
        assertTrue(change.has("uses", ColumnValue.fromLong(0)));
        assertTrue(change.has("max_uses", ColumnValue.fromLong(5)));
        assertTrue(change.has("video_id", ColumnValue.fromString("vid")));
        assertTrue(change.has("user_id", ColumnValue.fromString("usr")));
        assertTrue(change.has("issued_at_ms", ColumnValue.fromLong(T0.toEpochMilli())));
        assertTrue(change.has("expires_at_ms", ColumnValue.fromLong(T0.plusSeconds(60).toEpochMilli())));
        assertTrue(change.has("revoked", ColumnValue.fromBoolean(false)));
        assertTrue(change.has("session_until_ms", ColumnValue.fromLong(T0.plusSeconds(60).toEpochMilli())),
                "a session ends at exp until a fetch moves it");
    }

    @Test
    void record_whenConditionFails_isIllegalState() {
        when(client.putRow(any())).thenThrow(conditionFailed());
        assertThrows(IllegalStateException.class,
                () -> store.record(new TokenRecord("tok", "vid", "usr", 5, T0, T0.plusSeconds(60))));
    }

    @Test
    void revoke_putsRevokedTrueOnAnExistingRow() {
        assertTrue(store.revoke("tok"));
        RowUpdateChange change = capturedUpdate().getRowChange();
        assertEquals(key("tok"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertNull(change.getCondition().getColumnCondition());
        assertEquals(1, change.getColumnsToUpdate().size());
        assertEquals(new Column("revoked", ColumnValue.fromBoolean(true)),
                change.getColumnsToUpdate().get(0).getFirst());
        assertEquals(RowUpdateChange.Type.PUT, change.getColumnsToUpdate().get(0).getSecond());
    }

    @Test
    void revoke_whenConditionFails_isFalse() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        assertFalse(store.revoke("tok"));
    }

    @Test
    void revokeVideo_whenNoCutoffYet_putsTheRowOnlyIfAbsent() {
        when(client.getRow(any())).thenReturn(noRow());
        store.revokeVideo("vid", T0);
        ArgumentCaptor<PutRowRequest> captor = ArgumentCaptor.forClass(PutRowRequest.class);
        verify(client).putRow(captor.capture());
        RowPutChange change = captor.getValue().getRowChange();
        assertEquals(key("video#vid"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_NOT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertTrue(change.has("revoked_before_ms", ColumnValue.fromLong(T0.toEpochMilli())));
        verify(client, never()).updateRow(any());
    }

    @Test
    void revokeVideo_whenEarlierCutoffStored_raisesItOnlyIfStillSmaller() {
        when(client.getRow(any())).thenReturn(rowWith("video#vid",
                new Column("revoked_before_ms", ColumnValue.fromLong(T0.toEpochMilli() - 1000), 1L)));
        store.revokeVideo("vid", T0);
        RowUpdateChange change = capturedUpdate().getRowChange();
        assertEquals(key("video#vid"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertSingle(change.getCondition().getColumnCondition(), "revoked_before_ms", CompareOperator.LESS_THAN,
                ColumnValue.fromLong(T0.toEpochMilli()), true);
        assertEquals(new Column("revoked_before_ms", ColumnValue.fromLong(T0.toEpochMilli())),
                change.getColumnsToUpdate().get(0).getFirst());
    }

    @Test
    void revokeVideo_whenLaterCutoffStored_writesNothing() {
        when(client.getRow(any())).thenReturn(rowWith("video#vid",
                new Column("revoked_before_ms", ColumnValue.fromLong(T0.toEpochMilli() + 1000), 1L)));
        store.revokeVideo("vid", T0);
        verify(client, never()).updateRow(any());
        verify(client, never()).putRow(any());
    }

    @Test
    void revokeVideo_whenAnotherWriterRaisesItFirst_readsAgainAndStops() {
        when(client.getRow(any())).thenReturn(
                rowWith("video#vid", new Column("revoked_before_ms", ColumnValue.fromLong(0), 1L)),
                rowWith("video#vid", new Column("revoked_before_ms", ColumnValue.fromLong(T0.toEpochMilli()), 1L)));
        when(client.updateRow(any())).thenThrow(conditionFailed());
        store.revokeVideo("vid", T0);
        verify(client, times(2)).getRow(any());
        verify(client, times(1)).updateRow(any());
    }

    @Test
    void revokeVideo_whenContendedOnEveryAttempt_givesUpAsStoreUnavailable() {
        when(client.getRow(any())).thenReturn(noRow());
        when(client.putRow(any())).thenThrow(conditionFailed());
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.revokeVideo("vid", T0));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        verify(client, times(TablestoreTokenStore.REVOKE_VIDEO_ATTEMPTS)).putRow(any());
    }

    @Test
    void videoRevokedBefore_readsTheCutoffMillis() {
        when(client.getRow(any())).thenReturn(rowWith("video#vid",
                new Column("revoked_before_ms", ColumnValue.fromLong(T0.toEpochMilli()), 1L)));
        assertEquals(T0, store.videoRevokedBefore("vid").orElseThrow());
    }

    private static final ViewerStreams STREAMS = ViewerStreams.none().with(List.of(T0.toEpochMilli()),
            List.of(new LiveToken("tok", "vid", "tv", T0, T0.plusSeconds(3600))));

    @Test
    void viewerStreams_isOneLatestGetRowOfTheViewerRowsThreeColumns() {
        when(client.getRow(any())).thenReturn(rowWith("viewer#alice",
                new Column("version", ColumnValue.fromLong(7), 1L),
                new Column("recent_issues_ms", ColumnValue.fromString(STREAMS.encodedIssues()), 1L),
                new Column("live_tokens", ColumnValue.fromString(STREAMS.encodedLive()), 1L)));
        assertEquals(STREAMS.atVersion(7), store.viewerStreams("alice"));
        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client).getRow(captor.capture());
        SingleRowQueryCriteria criteria = captor.getValue().getRowQueryCriteria();
        assertEquals(TABLE, criteria.getTableName());
        assertEquals(key("viewer#alice"), criteria.getPrimaryKey());
        assertEquals(1, criteria.getMaxVersions());
        assertEquals(Set.of("version", "recent_issues_ms", "live_tokens"), criteria.getColumnsToGet());
    }

    @Test
    void viewerStreams_missingRowIsNone_andAbsentListsAreEmpty() {
        when(client.getRow(any())).thenReturn(noRow());
        assertEquals(ViewerStreams.none(), store.viewerStreams("alice"));
        when(client.getRow(any())).thenReturn(rowWith("viewer#alice",
                new Column("version", ColumnValue.fromLong(3), 1L)));
        assertEquals(ViewerStreams.none().atVersion(3), store.viewerStreams("alice"));
    }

    @Test
    void updateViewerStreams_fromNothing_putsVersion1OnlyIfTheRowIsAbsent() {
        assertTrue(store.updateViewerStreams("alice", STREAMS));
        ArgumentCaptor<PutRowRequest> captor = ArgumentCaptor.forClass(PutRowRequest.class);
        verify(client).putRow(captor.capture());
        RowPutChange change = captor.getValue().getRowChange();
        assertEquals(TABLE, change.getTableName());
        assertEquals(key("viewer#alice"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_NOT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertNull(change.getCondition().getColumnCondition());
        assertEquals(3, change.getColumnsToPut().size());
        assertTrue(change.has("version", ColumnValue.fromLong(1)));
        assertTrue(change.has("recent_issues_ms", ColumnValue.fromString(String.valueOf(T0.toEpochMilli()))));
        assertTrue(change.has("live_tokens", ColumnValue.fromString("tok vid " + T0.getEpochSecond() + " "
                + T0.plusSeconds(3600).getEpochSecond() + " tv")));
        verify(client, never()).updateRow(any());
    }

    @Test
    void updateViewerStreams_fromAVersion_updatesOnlyIfTheVersionIsStillThatOne() {
        assertTrue(store.updateViewerStreams("alice", STREAMS.atVersion(4).with(STREAMS.issuedAtMillis(),
                List.of())));
        RowUpdateChange change = capturedUpdate().getRowChange();
        assertEquals(key("viewer#alice"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertSingle(change.getCondition().getColumnCondition(), "version", CompareOperator.EQUAL,
                ColumnValue.fromLong(4), false);
        List<Pair<Column, RowUpdateChange.Type>> updates = change.getColumnsToUpdate();
        assertEquals(3, updates.size());
        assertEquals(new Column("version", ColumnValue.fromLong(5)), updates.get(0).getFirst());
        assertEquals(RowUpdateChange.Type.PUT, updates.get(0).getSecond());
        assertEquals(new Column("recent_issues_ms", ColumnValue.fromString(String.valueOf(T0.toEpochMilli()))),
                updates.get(1).getFirst());
        assertEquals(RowUpdateChange.Type.PUT, updates.get(1).getSecond());
        assertEquals("live_tokens", updates.get(2).getFirst().getName());
        assertEquals(RowUpdateChange.Type.DELETE_ALL, updates.get(2).getSecond(), "an empty list is no column");
        verify(client, never()).putRow(any());
    }

    @Test
    void updateViewerStreams_whenConditionFails_isFalse_forTheFirstStateAndLaterOnes() {
        when(client.putRow(any())).thenThrow(conditionFailed());
        when(client.updateRow(any())).thenThrow(conditionFailed());
        assertFalse(store.updateViewerStreams("alice", STREAMS));
        assertFalse(store.updateViewerStreams("alice", STREAMS.atVersion(2)));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void updateViewerStreams_whenStoreFails_isStoreUnavailable(RuntimeException outage) {
        when(client.updateRow(any())).thenThrow(outage);
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> store.updateViewerStreams("alice", STREAMS.atVersion(2)));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
        assertSame(outage, e.getCause());
    }

    @Test
    void tokenOperations_onAViewerRowKey_sendNothing() {
        assertEquals(ConsumeResult.Status.UNKNOWN, store.consume("viewer#alice", 3).status());
        assertEquals(TokenStanding.UNKNOWN, store.standing("viewer#alice"));
        assertFalse(store.revoke("viewer#alice"));
        verify(client, never()).updateRow(any());
        verify(client, never()).getRow(any());
    }
}
