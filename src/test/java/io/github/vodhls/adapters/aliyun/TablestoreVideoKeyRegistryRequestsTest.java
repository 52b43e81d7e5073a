package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.capacity;
import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.conditionFailed;
import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.serviceError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClientInterface;
import com.alicloud.openservices.tablestore.core.utils.Pair;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Response;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.ColumnCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition.LogicOperator;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.keys.KeyService;
import io.github.vodhls.core.video.JobRecord;
import io.github.vodhls.core.video.VideoKey;
import io.github.vodhls.core.video.VideoKeyRegistry.ClaimResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Pins the exact SDK requests of {@link TablestoreVideoKeyRegistry}. */
class TablestoreVideoKeyRegistryRequestsTest {

    private static final String TABLE = "vod_hls_videos";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SyncClientInterface client = mock(SyncClientInterface.class);
    private final TablestoreVideoKeyRegistry registry =
            new TablestoreVideoKeyRegistry(new SyncClientTablestoreRows(client), TABLE);

    private static GetRowResponse stored(String ciphertext) {
        Row row = new Row(TablestoreRequests.primaryKey("video_id", "vid"), new Column[] {
            new Column("ciphertext", ColumnValue.fromString(ciphertext), 1L),
            new Column("created_at_ms", ColumnValue.fromLong(T0.toEpochMilli()), 1L)});
        return new GetRowResponse(new Response("r"), row, capacity());
    }

    @Test
    void registerIfAbsent_putsTheRowOnlyIfAbsent() {
        VideoKey key = new VideoKey("vid", "EDK", T0);
        assertEquals(key, registry.registerIfAbsent(key));
        ArgumentCaptor<PutRowRequest> captor = ArgumentCaptor.forClass(PutRowRequest.class);
        verify(client).putRow(captor.capture());
        RowPutChange change = captor.getValue().getRowChange();
        assertEquals(TABLE, change.getTableName());
        assertEquals(TablestoreRequests.primaryKey("video_id", "vid"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_NOT_EXIST, change.getCondition().getRowExistenceExpectation());
        assertEquals(3, change.getColumnsToPut().size());
        assertTrue(change.has("ciphertext", ColumnValue.fromString("EDK")));
        assertTrue(change.has("created_at_ms", ColumnValue.fromLong(T0.toEpochMilli())));
        assertTrue(change.has("key_service", ColumnValue.fromString("kms")));
    }

    @Test
    void registerIfAbsent_ofAVodKey_namesVod() {
        registry.registerIfAbsent(new VideoKey("vid", "EDK", KeyService.VOD, T0));
        ArgumentCaptor<PutRowRequest> captor = ArgumentCaptor.forClass(PutRowRequest.class);
        verify(client).putRow(captor.capture());
        assertTrue(captor.getValue().getRowChange().has("key_service", ColumnValue.fromString("vod")));
    }

    @Test
    void find_ofARowWithVodAsKeyService_isAVodKey() {
        Row row = new Row(TablestoreRequests.primaryKey("video_id", "vid"), new Column[] {
            new Column("ciphertext", ColumnValue.fromString("EDK"), 1L),
            new Column("created_at_ms", ColumnValue.fromLong(T0.toEpochMilli()), 1L),
            new Column("key_service", ColumnValue.fromString("vod"), 1L)});
        when(client.getRow(any())).thenReturn(new GetRowResponse(new Response("r"), row, capacity()));
        assertEquals(new VideoKey("vid", "EDK", KeyService.VOD, T0), registry.find("vid").orElseThrow());
    }

    @Test
    void registerIfAbsent_whenConditionFails_returnsTheStoredKey() {
        when(client.putRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(stored("FIRST"));
        assertEquals(new VideoKey("vid", "FIRST", T0), registry.registerIfAbsent(new VideoKey("vid", "SECOND", T0)));
    }

    @Test
    void registerIfAbsent_whenStoreBusy_isStoreUnavailable() {
        when(client.putRow(any())).thenThrow(serviceError("OTSServerBusy"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.registerIfAbsent(new VideoKey("vid", "EDK", T0)));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }

    @Test
    void find_readsOnlyItsThreeColumnsOfTheLatestVersion_andARowWithoutKeyServiceIsKms() {
        when(client.getRow(any())).thenReturn(stored("EDK"));
        assertEquals(new VideoKey("vid", "EDK", T0), registry.find("vid").orElseThrow());
        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client).getRow(captor.capture());
        SingleRowQueryCriteria criteria = captor.getValue().getRowQueryCriteria();
        assertEquals(TABLE, criteria.getTableName());
        assertEquals(1, criteria.getMaxVersions());
        assertEquals(Set.of("ciphertext", "created_at_ms", "key_service"), criteria.getColumnsToGet());
    }

    @Test
    void find_whenNetworkFails_isStoreUnavailable() {
        when(client.getRow(any())).thenThrow(new ClientException("connection refused"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.find("vid"));
        assertEquals("Tablestore GetRow on table " + TABLE + " failed: client error ClientException", e.getMessage());
    }

    private static final Duration LEASE = Duration.ofMinutes(2);

    private static GetRowResponse row(Column... columns) {
        return new GetRowResponse(new Response("r"),
                new Row(TablestoreRequests.primaryKey("video_id", "vid"), columns), capacity());
    }

    private static Column column(String name, ColumnValue value) {
        return new Column(name, value, 1L);
    }

    private RowUpdateChange capturedUpdate() {
        ArgumentCaptor<UpdateRowRequest> captor = ArgumentCaptor.forClass(UpdateRowRequest.class);
        verify(client).updateRow(captor.capture());
        RowUpdateChange change = captor.getValue().getRowChange();
        assertEquals(TABLE, change.getTableName());
        assertEquals(TablestoreRequests.primaryKey("video_id", "vid"), change.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_EXIST, change.getCondition().getRowExistenceExpectation());
        return change;
    }

    private static void assertSingle(ColumnCondition condition, String column, CompareOperator operator,
            ColumnValue value, boolean passIfMissing) {
        SingleColumnValueCondition single = (SingleColumnValueCondition) condition;
        assertEquals(column, single.getColumnName());
        assertEquals(operator, single.getOperator());
        assertEquals(value, single.getColumnValue());
        assertEquals(passIfMissing, single.isPassIfMissing());
        assertTrue(single.isLatestVersionsOnly());
    }

    private static void assertUpdates(RowUpdateChange change, List<String> expected) {
        List<String> actual = new ArrayList<>();
        for (Pair<Column, RowUpdateChange.Type> update : change.getColumnsToUpdate()) {
            actual.add(update.getSecond() + " " + update.getFirst().getName()
                    + (update.getSecond() == RowUpdateChange.Type.PUT ? "=" + update.getFirst().getValue() : ""));
        }
        assertEquals(expected, actual);
    }

    private List<RowUpdateChange> capturedUpdates(int count) {
        ArgumentCaptor<UpdateRowRequest> captor = ArgumentCaptor.forClass(UpdateRowRequest.class);
        verify(client, org.mockito.Mockito.times(count)).updateRow(captor.capture());
        List<RowUpdateChange> changes = new ArrayList<>();
        for (UpdateRowRequest request : captor.getAllValues()) {
            RowUpdateChange change = request.getRowChange();
            assertEquals(TABLE, change.getTableName());
            assertEquals(TablestoreRequests.primaryKey("video_id", "vid"), change.getPrimaryKey());
            assertEquals(RowExistenceExpectation.EXPECT_EXIST, change.getCondition().getRowExistenceExpectation());
            changes.add(change);
        }
        return changes;
    }

    /** The condition of every holder's change: SUBMITTING and held by {@code holder}. */
    private static void assertHeldBy(RowUpdateChange change, String holder) {
        CompositeColumnValueCondition and = (CompositeColumnValueCondition) change.getCondition().getColumnCondition();
        assertEquals(LogicOperator.AND, and.getOperationType());
        assertEquals(2, and.getSubConditions().size());
        assertSingle(and.getSubConditions().get(0), "job_state", CompareOperator.EQUAL,
                ColumnValue.fromString("SUBMITTING"), false);
        assertSingle(and.getSubConditions().get(1), "job_holder", CompareOperator.EQUAL,
                ColumnValue.fromString(holder), false);
    }

    @Test
    void claimSubmission_updatesTheRowIfUnclaimed() {
        Instant now = T0.plusSeconds(600);
        assertEquals(ClaimResult.CLAIMED, registry.claimSubmission("vid", "h1", now, LEASE));
        RowUpdateChange change = capturedUpdate();
        assertUpdates(change, List.of("PUT job_state=SUBMITTING", "PUT job_holder=h1",
                "PUT job_updated_at_ms=" + now.toEpochMilli()));
        // Absent job_state: NONE is never written, so only passIfMissing makes this condition hold.
        assertSingle(change.getCondition().getColumnCondition(), "job_state", CompareOperator.EQUAL,
                ColumnValue.fromString("NONE"), true);
        verify(client, never()).getRow(any());
    }

    @Test
    void claimSubmission_whenClaimed_triesTheTakeoverOfAnUncertainOrStaleClaim() {
        Instant now = T0.plusSeconds(600);
        when(client.updateRow(any())).thenThrow(conditionFailed()).thenReturn(null);
        assertEquals(ClaimResult.TAKEN_OVER, registry.claimSubmission("vid", "h2", now, LEASE));
        RowUpdateChange change = capturedUpdates(2).get(1);
        assertUpdates(change, List.of("PUT job_state=SUBMITTING", "PUT job_holder=h2",
                "PUT job_updated_at_ms=" + now.toEpochMilli()));
        CompositeColumnValueCondition or = (CompositeColumnValueCondition) change.getCondition().getColumnCondition();
        assertEquals(LogicOperator.OR, or.getOperationType());
        assertEquals(2, or.getSubConditions().size());
        assertSingle(or.getSubConditions().get(0), "job_state", CompareOperator.EQUAL,
                ColumnValue.fromString("UNCERTAIN"), false);
        CompositeColumnValueCondition stale = (CompositeColumnValueCondition) or.getSubConditions().get(1);
        assertEquals(LogicOperator.AND, stale.getOperationType());
        assertEquals(2, stale.getSubConditions().size());
        assertSingle(stale.getSubConditions().get(0), "job_state", CompareOperator.EQUAL,
                ColumnValue.fromString("SUBMITTING"), false);
        assertSingle(stale.getSubConditions().get(1), "job_updated_at_ms", CompareOperator.LESS_THAN,
                ColumnValue.fromLong(now.minus(LEASE).toEpochMilli()), false);
        verify(client, never()).getRow(any());
    }

    @Test
    void claimSubmission_whenConditionFailsAndJobSubmitted_isAlreadySubmitted() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(row(column("ciphertext", ColumnValue.fromString("EDK")),
                column("job_state", ColumnValue.fromString("SUBMITTED"))));
        assertEquals(ClaimResult.ALREADY_SUBMITTED, registry.claimSubmission("vid", "h1", T0, LEASE));
        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client).getRow(captor.capture());
        assertEquals(Set.of("ciphertext", "job_state"), captor.getValue().getRowQueryCriteria().getColumnsToGet());
    }

    @Test
    void claimSubmission_whenConditionFailsAndClaimLive_isInProgress() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(row(column("ciphertext", ColumnValue.fromString("EDK")),
                column("job_state", ColumnValue.fromString("SUBMITTING"))));
        assertEquals(ClaimResult.IN_PROGRESS, registry.claimSubmission("vid", "h1", T0, LEASE));
    }

    @Test
    void claimSubmission_whenConditionFailsAndNoRow_isIllegalState() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(new GetRowResponse(new Response("r"), null, capacity()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.claimSubmission("vid", "h1", T0, LEASE));
        assertEquals("video vid has no registered key to claim a job for", e.getMessage());
    }

    @Test
    void claimSubmission_whenStoreBusy_isStoreUnavailable() {
        when(client.updateRow(any())).thenThrow(serviceError("OTSServerBusy"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.claimSubmission("vid", "h1", T0, LEASE));
        assertEquals("Tablestore UpdateRow on table " + TABLE + " failed: OTSServerBusy (HTTP 503, request req-42)",
                e.getMessage());
    }

    @Test
    void markSubmitted_putsStateJobIdAndTimeAndDropsTheHolder_whileTheHolderHoldsTheClaim() {
        registry.markSubmitted("vid", "h1", "job-1", T0);
        RowUpdateChange change = capturedUpdate();
        assertUpdates(change, List.of("PUT job_state=SUBMITTED", "PUT job_id=job-1",
                "PUT job_updated_at_ms=" + T0.toEpochMilli(), "DELETE_ALL job_holder"));
        assertHeldBy(change, "h1");
    }

    @Test
    void markSubmitted_whenSameJobAlreadyRecorded_isIdempotent() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(row(column("job_state", ColumnValue.fromString("SUBMITTED")),
                column("job_id", ColumnValue.fromString("job-1")),
                column("job_updated_at_ms", ColumnValue.fromLong(T0.toEpochMilli()))));
        registry.markSubmitted("vid", "h1", "job-1", T0.plusSeconds(5));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.markSubmitted("vid", "h1", "job-2", T0.plusSeconds(5)));
        assertEquals("video vid already has job job-1 submitted", e.getMessage());
    }

    @Test
    void markSubmitted_whenAnotherHolderHoldsTheClaim_isIllegalStateNamingNoHolder() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(row(column("job_state", ColumnValue.fromString("SUBMITTING")),
                column("job_holder", ColumnValue.fromString("h2")),
                column("job_updated_at_ms", ColumnValue.fromLong(T0.toEpochMilli()))));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.markSubmitted("vid", "h1", "job-1", T0.plusSeconds(5)));
        assertEquals("video vid's claim is not this caller's (SUBMITTING, held by another caller)", e.getMessage());
    }

    @Test
    void releaseClaim_deletesTheJobColumns_whileTheHolderHoldsTheClaim() {
        registry.releaseClaim("vid", "h1");
        RowUpdateChange change = capturedUpdate();
        assertUpdates(change, List.of("DELETE_ALL job_state", "DELETE_ALL job_id", "DELETE_ALL job_holder",
                "DELETE_ALL job_updated_at_ms"));
        assertHeldBy(change, "h1");
    }

    @Test
    void releaseClaim_whenNoClaimHeld_doesNothing() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        registry.releaseClaim("vid", "h1");
        verify(client, never()).getRow(any());
    }

    @Test
    void markUncertain_putsStateAndTime_whileTheHolderHoldsTheClaim() {
        registry.markUncertain("vid", "h1", T0);
        RowUpdateChange change = capturedUpdate();
        assertUpdates(change, List.of("PUT job_state=UNCERTAIN", "PUT job_updated_at_ms=" + T0.toEpochMilli()));
        assertHeldBy(change, "h1");
    }

    @Test
    void markUncertain_whenNoClaimHeld_doesNothing() {
        when(client.updateRow(any())).thenThrow(conditionFailed());
        registry.markUncertain("vid", "h1", T0);
        verify(client, never()).getRow(any());
    }

    @Test
    void job_readsTheFourJobColumnsOfTheLatestVersion() {
        when(client.getRow(any())).thenReturn(row(column("job_state", ColumnValue.fromString("SUBMITTING")),
                column("job_holder", ColumnValue.fromString("h1")),
                column("job_updated_at_ms", ColumnValue.fromLong(T0.toEpochMilli()))));
        assertEquals(JobRecord.submitting("h1", T0), registry.job("vid").orElseThrow());
        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client).getRow(captor.capture());
        SingleRowQueryCriteria criteria = captor.getValue().getRowQueryCriteria();
        assertEquals(1, criteria.getMaxVersions());
        assertEquals(Set.of("job_state", "job_id", "job_holder", "job_updated_at_ms"), criteria.getColumnsToGet());
    }

    @Test
    void job_whenAClaimFromBeforeHoldersExisted_hasAnUnknownHolder() {
        when(client.getRow(any())).thenReturn(row(column("job_state", ColumnValue.fromString("SUBMITTING")),
                column("job_updated_at_ms", ColumnValue.fromLong(T0.toEpochMilli()))));
        assertEquals(JobRecord.submitting("unknown", T0), registry.job("vid").orElseThrow());
    }

    @Test
    void job_whenNoRow_isEmpty() {
        when(client.getRow(any())).thenReturn(new GetRowResponse(new Response("r"), null, capacity()));
        assertFalse(registry.job("vid").isPresent());
    }
}
