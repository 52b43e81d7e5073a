package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.CreateTableResponse;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.PutRowResponse;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;

/**
 * The few Tablestore operations the adapters use, with the SDK's own request and response types. A seam of our
 * own: production delegates to the SDK client ({@link SyncClientTablestoreRows}); tests use a fake that enforces
 * the same conditional-write semantics. Every method throws what the SDK throws: {@link TableStoreException}
 * for service errors (a failed condition is {@code OTSConditionCheckFail}), {@link ClientException} for
 * network and client-side failures.
 */
public interface TablestoreRows {

    /** Reads one row; the response's row is {@code null} when the row does not exist. */
    GetRowResponse getRow(GetRowRequest request);

    /** Writes a whole row, subject to the request's condition. */
    PutRowResponse putRow(PutRowRequest request);

    /** Changes columns of one row (put, delete, increment), subject to the request's condition. */
    UpdateRowResponse updateRow(UpdateRowRequest request);

    /** Creates a table; fails with {@code OTSObjectAlreadyExist} when it exists. */
    CreateTableResponse createTable(CreateTableRequest request);
}
