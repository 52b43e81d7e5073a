package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.capacity;
import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.conditionFailed;
import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.serviceError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.alicloud.openservices.tablestore.SyncClientInterface;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Response;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.CallbackDeliveries.Binding;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Pins the exact SDK requests of {@link TablestoreCallbackDeliveries}. */
class TablestoreCallbackDeliveriesRequestsTest {
    private static final String TABLE = "vod_hls_videos";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(300);
    private static final String HASH = "a".repeat(64);
    private static final PrimaryKey KEY = TablestoreRequests.primaryKey("video_id", "callback#pair-1");

    private final SyncClientInterface client = mock(SyncClientInterface.class);
    private final TablestoreCallbackDeliveries deliveries =
            new TablestoreCallbackDeliveries(new SyncClientTablestoreRows(client), TABLE);

    private static GetRowResponse stored(String hash) {
        Row row = new Row(KEY, new Column[] {new Column("callback_body_sha256", ColumnValue.fromString(hash), 1L)});
        return new GetRowResponse(new Response("r"), row, capacity());
    }

    @Test
    void bind_ofANewPair_isOnePutRowIfAbsent() {
        assertEquals(Binding.FIRST, deliveries.bind("pair-1", HASH, EXPIRES, NOW));

        ArgumentCaptor<PutRowRequest> captor = ArgumentCaptor.forClass(PutRowRequest.class);
        verify(client).putRow(captor.capture());
        RowPutChange put = captor.getValue().getRowChange();
        assertEquals(TABLE, put.getTableName());
        assertEquals(KEY, put.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_NOT_EXIST, put.getCondition().getRowExistenceExpectation());
        assertEquals(2, put.getColumnsToPut().size());
        assertTrue(put.has("callback_body_sha256", ColumnValue.fromString(HASH)));
        assertTrue(put.has("callback_expires_at_ms", ColumnValue.fromLong(EXPIRES.toEpochMilli())));
        verify(client, never()).updateRow(any());
        verify(client, never()).getRow(any());
    }

    @Test
    void bind_ofABoundPair_rebindsItOnlyIfItsBindingExpired() {
        when(client.putRow(any())).thenThrow(conditionFailed());

        assertEquals(Binding.FIRST, deliveries.bind("pair-1", HASH, EXPIRES, NOW));

        ArgumentCaptor<UpdateRowRequest> captor = ArgumentCaptor.forClass(UpdateRowRequest.class);
        verify(client).updateRow(captor.capture());
        RowUpdateChange update = captor.getValue().getRowChange();
        assertEquals(KEY, update.getPrimaryKey());
        assertEquals(RowExistenceExpectation.EXPECT_EXIST, update.getCondition().getRowExistenceExpectation());
        SingleColumnValueCondition expired = (SingleColumnValueCondition) update.getCondition().getColumnCondition();
        assertEquals("callback_expires_at_ms", expired.getColumnName());
        assertEquals(CompareOperator.LESS_THAN, expired.getOperator());
        assertEquals(ColumnValue.fromLong(NOW.toEpochMilli()), expired.getColumnValue());
        assertEquals(false, expired.isPassIfMissing());
        assertEquals(2, update.getColumnsToUpdate().size());
        verify(client, never()).getRow(any());
    }

    @Test
    void bind_ofALiveBinding_readsOnlyItsBodyHash() {
        when(client.putRow(any())).thenThrow(conditionFailed());
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(stored(HASH), stored("b".repeat(64)));

        assertEquals(Binding.SAME_BODY, deliveries.bind("pair-1", HASH, EXPIRES, NOW));
        assertEquals(Binding.OTHER_BODY, deliveries.bind("pair-1", HASH, EXPIRES, NOW));

        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client, org.mockito.Mockito.times(2)).getRow(captor.capture());
        SingleRowQueryCriteria criteria = captor.getValue().getRowQueryCriteria();
        assertEquals(KEY, criteria.getPrimaryKey());
        assertEquals(1, criteria.getMaxVersions());
        assertEquals(Set.of("callback_body_sha256"), criteria.getColumnsToGet());
    }

    @Test
    void bind_whenTheStoreFails_isStoreUnavailable() {
        when(client.putRow(any())).thenThrow(serviceError("OTSServerBusy"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> deliveries.bind("pair-1", HASH, EXPIRES, NOW));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }

    @Test
    void bind_whenTheRefusingRowHoldsNoHash_isStoreUnavailable() {
        when(client.putRow(any())).thenThrow(conditionFailed());
        when(client.updateRow(any())).thenThrow(conditionFailed());
        when(client.getRow(any())).thenReturn(new GetRowResponse(new Response("r"), null, capacity()));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> deliveries.bind("pair-1", HASH, EXPIRES, NOW));
        assertEquals(ErrorCode.STORE_UNAVAILABLE, e.errorCode());
    }
}
