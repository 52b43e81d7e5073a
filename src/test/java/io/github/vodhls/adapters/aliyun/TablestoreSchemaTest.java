package io.github.vodhls.adapters.aliyun;

import static io.github.vodhls.adapters.aliyun.TablestoreTokenStoreRequestsTest.serviceError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.alicloud.openservices.tablestore.SyncClientInterface;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.CreateTableResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.Response;
import io.github.vodhls.adapters.aliyun.TablestoreSchema.Outcome;
import io.github.vodhls.core.error.DependencyUnavailableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class TablestoreSchemaTest {

    private final SyncClientInterface client = mock(SyncClientInterface.class);
    private final TablestoreSchema schema = new TablestoreSchema(new SyncClientTablestoreRows(client), "tok", "vid");

    @Test
    void createTables_createsBothWithStringKeyOneVersionAndNoTtl() {
        when(client.createTable(any())).thenReturn(new CreateTableResponse(new Response("r")));
        assertEquals(Map.of("tok", Outcome.CREATED, "vid", Outcome.CREATED), schema.createTables());
        ArgumentCaptor<CreateTableRequest> captor = ArgumentCaptor.forClass(CreateTableRequest.class);
        verify(client, times(2)).createTable(captor.capture());
        CreateTableRequest tokens = captor.getAllValues().get(0);
        CreateTableRequest videos = captor.getAllValues().get(1);
        assertEquals("tok", tokens.getTableMeta().getTableName());
        assertEquals(List.of(new PrimaryKeySchema("token_id", PrimaryKeyType.STRING)),
                tokens.getTableMeta().getPrimaryKeyList());
        assertEquals("vid", videos.getTableMeta().getTableName());
        assertEquals(List.of(new PrimaryKeySchema("video_id", PrimaryKeyType.STRING)),
                videos.getTableMeta().getPrimaryKeyList());
        for (CreateTableRequest request : captor.getAllValues()) {
            assertEquals(1, request.getTableOptions().getMaxVersions());
            assertEquals(-1, request.getTableOptions().getTimeToLive());
        }
    }

    @Test
    void createTables_withTokenTtl_expiresTokenRowsButNeverVideoKeys() {
        when(client.createTable(any())).thenReturn(new CreateTableResponse(new Response("r")));
        int ttl = TablestoreSchema.tokenTableTtlFor(86_400);
        assertEquals(172_800, ttl, "a day longer than the longest token, at least two days");
        assertEquals(86_400 + 604_800, TablestoreSchema.tokenTableTtlFor(604_800));
        new TablestoreSchema(new SyncClientTablestoreRows(client), "tok", "vid", ttl).createTables();
        ArgumentCaptor<CreateTableRequest> captor = ArgumentCaptor.forClass(CreateTableRequest.class);
        verify(client, times(2)).createTable(captor.capture());
        assertEquals(ttl, captor.getAllValues().get(0).getTableOptions().getTimeToLive());
        assertEquals(-1, captor.getAllValues().get(1).getTableOptions().getTimeToLive());
    }

    @Test
    void createTables_whenTableExists_isAlreadyExistsAndGoesOn() {
        when(client.createTable(any()))
                .thenThrow(new TableStoreException("exists", null, "OTSObjectAlreadyExist", "r", 409))
                .thenReturn(new CreateTableResponse(new Response("r")));
        assertEquals(Map.of("tok", Outcome.ALREADY_EXISTS, "vid", Outcome.CREATED), schema.createTables());
    }

    @Test
    void createTables_whenTwiceOverTheFake_isIdempotent() {
        FakeTablestoreRows rows = new FakeTablestoreRows();
        TablestoreSchema overFake = new TablestoreSchema(rows, "tok", "vid");
        overFake.createTables();
        assertEquals(Map.of("tok", Outcome.ALREADY_EXISTS, "vid", Outcome.ALREADY_EXISTS), overFake.createTables());
    }

    @Test
    void createTables_whenDenied_isStoreUnavailable() {
        when(client.createTable(any())).thenThrow(serviceError("OTSAuthFailed"));
        DependencyUnavailableException e = assertThrows(DependencyUnavailableException.class,
                schema::createTables);
        assertEquals("Tablestore CreateTable on table tok failed: OTSAuthFailed (HTTP 503, request req-42)",
                e.getMessage());
    }
}
