package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.capacity;
import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.conditionFailed;
import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.serviceError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClientInterface;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Response;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import io.github.vodhls.core.error.DependencyUnavailableException;
import io.github.vodhls.core.error.ErrorCode;
import io.github.vodhls.core.video.VideoKey;
import java.time.Instant;
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
        assertEquals(2, change.getColumnsToPut().size());
        assertTrue(change.has("ciphertext", ColumnValue.fromString("EDK")));
        assertTrue(change.has("created_at_ms", ColumnValue.fromLong(T0.toEpochMilli())));
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
    void find_readsOnlyItsTwoColumnsOfTheLatestVersion() {
        when(client.getRow(any())).thenReturn(stored("EDK"));
        assertEquals(new VideoKey("vid", "EDK", T0), registry.find("vid").orElseThrow());
        ArgumentCaptor<GetRowRequest> captor = ArgumentCaptor.forClass(GetRowRequest.class);
        verify(client).getRow(captor.capture());
        SingleRowQueryCriteria criteria = captor.getValue().getRowQueryCriteria();
        assertEquals(TABLE, criteria.getTableName());
        assertEquals(1, criteria.getMaxVersions());
        assertEquals(Set.of("ciphertext", "created_at_ms"), criteria.getColumnsToGet());
    }

    @Test
    void find_whenNetworkFails_isStoreUnavailable() {
        when(client.getRow(any())).thenThrow(new ClientException("connection refused"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                () -> registry.find("vid"));
        assertEquals("Tablestore GetRow on table " + TABLE + " failed: client error ClientException", e.getMessage());
    }
}
