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
    private final int tokenTableTtlSeconds;

    /** Smallest TTL Tablestore accepts on a table. */
    public static final int MIN_TTL_SECONDS = 86_400;

    /** Both tables kept forever. */
    public TablestoreSchema(TablestoreRows rows, String tokenTable, String videoTable) {
        this(rows, tokenTable, videoTable, -1);
    }

    /**
     * @param tokenTableTtlSeconds how long token rows (use counts, revocations, video cut-offs) are kept after their
     *     last write, or -1 for ever; see {@link #tokenTableTtlFor(long)}. Video registrations are always kept.
     */
    public TablestoreSchema(TablestoreRows rows, String tokenTable, String videoTable, int tokenTableTtlSeconds) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.tokenTable = Objects.requireNonNull(tokenTable, "tokenTable");
        this.videoTable = Objects.requireNonNull(videoTable, "videoTable");
        if (tokenTableTtlSeconds != -1 && tokenTableTtlSeconds < MIN_TTL_SECONDS) {
            throw new IllegalArgumentException("a table TTL is -1 or at least " + MIN_TTL_SECONDS + " s");
        }
        this.tokenTableTtlSeconds = tokenTableTtlSeconds;
    }

    /**
     * A safe TTL for the token table: a day longer than the longest token lifetime. Every column of a token that can
     * still verify was written within its lifetime, and a video's revocation cut-off only matters for tokens issued
     * before it, which have all expired a lifetime later; so nothing that can still matter expires.
     */
    public static int tokenTableTtlFor(long maxTokenTtlSeconds) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * MIN_TTL_SECONDS, maxTokenTtlSeconds + MIN_TTL_SECONDS));
    }

    /** Creates both tables if missing; returns what happened to each, by table name, token table first. */
    public Map<String, Outcome> createTables() {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put(tokenTable, create(tokenTable, TablestoreTokenStore.PK, tokenTableTtlSeconds));
        outcomes.put(videoTable, create(videoTable, TablestoreVideoKeyRegistry.PK, -1));
        return outcomes;
    }

    private Outcome create(String table, String primaryKey, int ttlSeconds) {
        TableMeta meta = new TableMeta(table);
        meta.addPrimaryKeyColumn(primaryKey, PrimaryKeyType.STRING);
        TableOptions options = new TableOptions();
        options.setMaxVersions(1);
        options.setTimeToLive(ttlSeconds);
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
