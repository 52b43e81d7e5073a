package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.SyncClientInterface;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.CreateTableResponse;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.PutRowResponse;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;
import java.util.Objects;

/** {@link TablestoreRows} over the SDK's {@link SyncClientInterface}: plain delegation, nothing added. */
public final class SyncClientTablestoreRows implements TablestoreRows, AutoCloseable {

    private final SyncClientInterface client;

    /** Wraps an SDK client; {@link #close()} shuts it down. */
    public SyncClientTablestoreRows(SyncClientInterface client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Connects to one Tablestore instance. {@code securityToken} is the STS token of temporary (role)
     * credentials, or {@code null} for a long-term AccessKey. No call is made until the first request.
     */
    public static SyncClientTablestoreRows connect(String endpoint, String instanceName, String accessKeyId,
            String accessKeySecret, String securityToken) {
        SyncClientInterface client = securityToken == null || securityToken.isEmpty()
                ? new SyncClient(endpoint, accessKeyId, accessKeySecret, instanceName)
                : new SyncClient(endpoint, accessKeyId, accessKeySecret, instanceName, securityToken);
        return new SyncClientTablestoreRows(client);
    }

    @Override
    public GetRowResponse getRow(GetRowRequest request) {
        return client.getRow(request);
    }

    @Override
    public PutRowResponse putRow(PutRowRequest request) {
        return client.putRow(request);
    }

    @Override
    public UpdateRowResponse updateRow(UpdateRowRequest request) {
        return client.updateRow(request);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return client.createTable(request);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
