package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.core.ResourceManager;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.CreateTableResponse;
import com.alicloud.openservices.tablestore.model.DefaultRetryStrategy;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.PutRowResponse;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link TablestoreRows} for a function instance: the SDK client is created on first use only (cold start), signs
 * with the role's current credentials, and gives up after the configured timeout instead of retrying for long.
 */
public final class TablestoreClients implements TablestoreRows {
    private final Supplier<TablestoreRows> factory;
    private volatile TablestoreRows rows;

    /**
     * @param endpoint e.g. {@code https://myinstance.cn-shanghai.vpc.tablestore.aliyuncs.com}
     * @param timeoutMillis connect and socket timeout; also the bound on the SDK's own retries
     */
    public TablestoreClients(String endpoint, String instanceName, RoleCredentials credentials, int timeoutMillis) {
        this(() -> {
            ClientConfiguration configuration = new ClientConfiguration();
            configuration.setConnectionTimeoutInMillisecond(timeoutMillis);
            configuration.setSocketTimeoutInMillisecond(timeoutMillis);
            configuration.setConnectionRequestTimeoutInMillisecond(timeoutMillis);
            configuration.setSyncClientWaitFutureTimeoutInMillis(2L * timeoutMillis);
            // The SDK's default policy (it retries writes only on errors that prove nothing was applied), bounded
            // in time so a request fails fast enough for a player and for VOD's 5 s callback budget.
            configuration.setRetryStrategy(new DefaultRetryStrategy(timeoutMillis, TimeUnit.MILLISECONDS));
            return new SyncClientTablestoreRows(new SyncClient(endpoint,
                    new RoleCredentialsTablestoreProvider(credentials), instanceName, configuration,
                    new ResourceManager(configuration, null)));
        });
    }

    /** For tests: the factory runs once, on first use. */
    TablestoreClients(Supplier<TablestoreRows> factory) {
        this.factory = factory;
    }

    /** Creates the client now (FC initializer), so the first request does not pay for it. */
    public void warmUp() {
        rows();
    }

    /** Whether the client has been created yet. */
    boolean isCreated() {
        return rows != null;
    }

    private TablestoreRows rows() {
        TablestoreRows current = rows;
        if (current == null) {
            synchronized (this) {
                current = rows;
                if (current == null) {
                    current = factory.get();
                    rows = current;
                }
            }
        }
        return current;
    }

    @Override
    public GetRowResponse getRow(GetRowRequest request) {
        return rows().getRow(request);
    }

    @Override
    public PutRowResponse putRow(PutRowRequest request) {
        return rows().putRow(request);
    }

    @Override
    public UpdateRowResponse updateRow(UpdateRowRequest request) {
        return rows().updateRow(request);
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
        return rows().createTable(request);
    }
}
