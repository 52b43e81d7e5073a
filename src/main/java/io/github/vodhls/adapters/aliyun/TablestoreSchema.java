package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.ErrorCode;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the token and video tables, idempotently: a table that already exists is left as it is. Both keep one
 * version per column and never expire rows (TTL -1): token expiry is checked in code, and Tablestore's TTL is
 * at least a day anyway.
 */
public final class TablestoreSchema {

    /** What {@link #createTables()} did to one table. */
    public enum Outcome {
        CREATED, ALREADY_EXISTS
    }

    private final TablestoreRows rows;
    private final String tokenTable;
    private final String videoTable;

    public TablestoreSchema(TablestoreRows rows, String tokenTable, String videoTable) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.tokenTable = Objects.requireNonNull(tokenTable, "tokenTable");
        this.videoTable = Objects.requireNonNull(videoTable, "videoTable");
    }

    /** Creates both tables if missing; returns what happened to each, by table name, token table first. */
    public Map<String, Outcome> createTables() {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put(tokenTable, create(tokenTable, TablestoreTokenStore.PK));
        outcomes.put(videoTable, create(videoTable, TablestoreVideoKeyRegistry.PK));
        return outcomes;
    }

    private Outcome create(String table, String primaryKey) {
        TableMeta meta = new TableMeta(table);
        meta.addPrimaryKeyColumn(primaryKey, PrimaryKeyType.STRING);
        TableOptions options = new TableOptions();
        options.setMaxVersions(1);
        options.setTimeToLive(-1);
        try {
            rows.createTable(new CreateTableRequest(meta, options));
            return Outcome.CREATED;
        } catch (TableStoreException e) {
            if (ErrorCode.OBJECT_ALREADY_EXIST.equals(e.getErrorCode())) {
                return Outcome.ALREADY_EXISTS;
            }
            throw TablestoreErrors.unavailable("CreateTable", table, e);
        } catch (com.alicloud.openservices.tablestore.ClientException e) {
            throw TablestoreErrors.unavailable("CreateTable", table, e);
        }
    }
}
