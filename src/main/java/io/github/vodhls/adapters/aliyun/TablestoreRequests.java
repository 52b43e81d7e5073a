package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.condition.ColumnCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;

/** Small builders shared by the Tablestore adapters, so each adapter reads as the writes it makes. */
final class TablestoreRequests {

    private TablestoreRequests() {
    }

    static PrimaryKey primaryKey(String column, String value) {
        return PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn(column, PrimaryKeyValue.fromString(value))
                .build();
    }

    /** GetRow of the latest version of the named columns. */
    static GetRowRequest getLatest(String table, PrimaryKey key, String... columns) {
        SingleRowQueryCriteria criteria = new SingleRowQueryCriteria(table, key);
        criteria.setMaxVersions(1);
        criteria.addColumnsToGet(columns);
        return new GetRowRequest(criteria);
    }

    static Condition expect(RowExistenceExpectation expectation) {
        return new Condition(expectation);
    }

    static Condition expect(RowExistenceExpectation expectation, ColumnCondition columnCondition) {
        Condition condition = new Condition(expectation);
        condition.setColumnCondition(columnCondition);
        return condition;
    }

    /** A condition on the latest version of one column; {@code passIfMissing} decides when the column is absent. */
    static SingleColumnValueCondition column(String name, CompareOperator operator, ColumnValue value,
            boolean passIfMissing) {
        SingleColumnValueCondition condition = new SingleColumnValueCondition(name, operator, value);
        condition.setPassIfMissing(passIfMissing);
        condition.setLatestVersionsOnly(true);
        return condition;
    }

    /** The latest value of a column, or {@code null} when the row or the column is absent. */
    static ColumnValue latest(Row row, String column) {
        if (row == null) {
            return null;
        }
        Column latest = row.getLatestColumn(column);
        return latest == null ? null : latest.getValue();
    }
}
