package io.github.vodhls.adapters.aliyun;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.core.ErrorCode;
import com.alicloud.openservices.tablestore.core.utils.Pair;
import com.alicloud.openservices.tablestore.model.CapacityUnit;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnType;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.ConsumedCapacity;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.CreateTableResponse;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.GetRowResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.PutRowResponse;
import com.alicloud.openservices.tablestore.model.Response;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowChange;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.UpdateRowResponse;
import com.alicloud.openservices.tablestore.model.condition.ColumnCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory Tablestore that enforces, on the SDK request objects it receives, the semantics the adapters rely
 * on: tables must exist and keys match their single STRING/INTEGER primary key; row existence expectations;
 * single and composite column conditions with {@code passIfMissing} (a missing row is checked as a row with no
 * columns); PUT / DELETE / INCREMENT column updates (increment only on INTEGER columns, a missing counter counts
 * from 0, no other update of an incremented column in the same request); {@code RT_AFTER_MODIFY} returning the
 * requested incremented columns after the change. A failed condition throws {@link TableStoreException} with
 * {@code OTSConditionCheckFail}, as the service does. Keeps one version per column (tables here use max
 * versions 1). One lock makes each request atomic, like Tablestore's per-row atomicity.
 *
 * <p>Assumption where documentation is silent: a column condition against a value of another type is not met.
 */
final class FakeTablestoreRows implements TablestoreRows {

    private static final class Table {
        final PrimaryKeySchema key;
        final TableOptions options;
        final Map<Object, TreeMap<String, ColumnValue>> rows = new HashMap<>();

        Table(PrimaryKeySchema key, TableOptions options) {
            this.key = key;
            this.options = options;
        }
    }

    private final Map<String, Table> tables = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Deque<RuntimeException> failures = new ArrayDeque<>();
    private long requestCounter;

    /** The next call, whatever it is, throws {@code failure} instead of running. */
    synchronized void failNextCall(RuntimeException failure) {
        failures.add(failure);
    }

    /** Every call so far, as {@code "<Operation> <table>"}. */
    synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** The stored columns of a row (empty map: no such row), for assertions on what was written. */
    synchronized Map<String, ColumnValue> row(String table, String key) {
        TreeMap<String, ColumnValue> row = table(table).rows.get(key);
        return row == null ? Map.of() : new TreeMap<>(row);
    }

    /** How many rows the table holds. */
    synchronized int rowCount(String table) {
        return table(table).rows.size();
    }

    synchronized TableOptions options(String table) {
        return table(table).options;
    }

    @Override
    public synchronized CreateTableResponse createTable(CreateTableRequest request) {
        String name = request.getTableMeta().getTableName();
        begin("CreateTable", name);
        if (tables.containsKey(name)) {
            throw error(ErrorCode.OBJECT_ALREADY_EXIST, 409, "Requested table already exists.");
        }
        List<PrimaryKeySchema> key = request.getTableMeta().getPrimaryKeyList();
        if (key.size() != 1) {
            throw new UnsupportedOperationException("the fake supports single-column primary keys only");
        }
        tables.put(name, new Table(key.get(0), request.getTableOptions()));
        return new CreateTableResponse(response());
    }

    @Override
    public synchronized GetRowResponse getRow(GetRowRequest request) {
        SingleRowQueryCriteria criteria = request.getRowQueryCriteria();
        begin("GetRow", criteria.getTableName());
        Table table = table(criteria.getTableName());
        if (!criteria.hasSetMaxVersions() && !criteria.hasSetTimeRange()) {
            throw parameterInvalid("MaxVersions or TimeRange must be set.");
        }
        Object key = keyOf(table, criteria.getPrimaryKey());
        TreeMap<String, ColumnValue> stored = table.rows.get(key);
        Row row = null;
        if (stored != null) {
            Set<String> wanted = criteria.getColumnsToGet();
            List<Column> columns = new ArrayList<>();
            stored.forEach((name, value) -> {
                if (wanted.isEmpty() || wanted.contains(name)) {
                    columns.add(new Column(name, value, 1L));
                }
            });
            // The service answers an empty row when none of the requested columns exists.
            row = columns.isEmpty() && !wanted.isEmpty() ? null : new Row(criteria.getPrimaryKey(), columns);
        }
        return new GetRowResponse(response(), row, capacity());
    }

    @Override
    public synchronized PutRowResponse putRow(PutRowRequest request) {
        RowChange change = request.getRowChange();
        begin("PutRow", change.getTableName());
        Table table = table(change.getTableName());
        Object key = keyOf(table, change.getPrimaryKey());
        checkCondition(change.getCondition(), table.rows.get(key));
        TreeMap<String, ColumnValue> row = new TreeMap<>();
        for (Column column : request.getRowChange().getColumnsToPut()) {
            row.put(column.getName(), column.getValue());
        }
        table.rows.put(key, row);
        return new PutRowResponse(response(), returnedRow(change, row, Set.of()), capacity());
    }

    @Override
    public synchronized UpdateRowResponse updateRow(UpdateRowRequest request) {
        RowUpdateChange change = request.getRowChange();
        begin("UpdateRow", change.getTableName());
        Table table = table(change.getTableName());
        Object key = keyOf(table, change.getPrimaryKey());
        TreeMap<String, ColumnValue> before = table.rows.get(key);
        checkCondition(change.getCondition(), before);
        TreeMap<String, ColumnValue> after = before == null ? new TreeMap<>() : new TreeMap<>(before);
        Set<String> incremented = applyUpdates(change.getColumnsToUpdate(), after);
        table.rows.put(key, after);
        return new UpdateRowResponse(response(), returnedRow(change, after, incremented), capacity());
    }

    private static Set<String> applyUpdates(List<Pair<Column, RowUpdateChange.Type>> updates,
            TreeMap<String, ColumnValue> row) {
        Set<String> incremented = new HashSet<>();
        Set<String> otherwiseUpdated = new HashSet<>();
        for (Pair<Column, RowUpdateChange.Type> update : updates) {
            String name = update.getFirst().getName();
            (update.getSecond() == RowUpdateChange.Type.INCREMENT ? incremented : otherwiseUpdated).add(name);
        }
        for (String name : incremented) {
            if (otherwiseUpdated.contains(name)) {
                throw parameterInvalid("Column " + name + " is incremented and updated in one request.");
            }
        }
        for (Pair<Column, RowUpdateChange.Type> update : updates) {
            Column column = update.getFirst();
            switch (update.getSecond()) {
                case PUT:
                    row.put(column.getName(), column.getValue());
                    break;
                case DELETE:
                case DELETE_ALL:
                    row.remove(column.getName());
                    break;
                case INCREMENT:
                    row.put(column.getName(), increment(row.get(column.getName()), column.getValue()));
                    break;
                default:
                    throw new IllegalStateException("unknown update type " + update.getSecond());
            }
        }
        return incremented;
    }

    private static ColumnValue increment(ColumnValue current, ColumnValue delta) {
        if (delta.getType() != ColumnType.INTEGER || current != null && current.getType() != ColumnType.INTEGER) {
            throw parameterInvalid("Atomic increment applies to INTEGER columns only.");
        }
        long base = current == null ? 0 : current.asLong();
        try {
            return ColumnValue.fromLong(Math.addExact(base, delta.asLong()));
        } catch (ArithmeticException e) {
            throw parameterInvalid("Atomic increment overflows.");
        }
    }

    private static Row returnedRow(RowChange change, Map<String, ColumnValue> after, Set<String> incremented) {
        ReturnType type = change.getReturnType() == null ? ReturnType.RT_NONE : change.getReturnType();
        switch (type) {
            case RT_PK:
                return new Row(change.getPrimaryKey(), new Column[0]);
            case RT_AFTER_MODIFY:
                List<Column> columns = new ArrayList<>();
                for (String name : new TreeMap<>(after).keySet()) {
                    if (incremented.contains(name) && change.getReturnColumnNames().contains(name)) {
                        columns.add(new Column(name, after.get(name), 1L));
                    }
                }
                return new Row(change.getPrimaryKey(), columns);
            default:
                return null;
        }
    }

    private static void checkCondition(Condition condition, Map<String, ColumnValue> row) {
        RowExistenceExpectation expectation = condition == null ? RowExistenceExpectation.IGNORE
                : condition.getRowExistenceExpectation();
        boolean ok = expectation == RowExistenceExpectation.IGNORE
                || expectation == RowExistenceExpectation.EXPECT_EXIST && row != null
                || expectation == RowExistenceExpectation.EXPECT_NOT_EXIST && row == null;
        if (ok && condition != null && condition.getColumnCondition() != null) {
            ok = matches(condition.getColumnCondition(), row == null ? Map.of() : row);
        }
        if (!ok) {
            throw error(ErrorCode.CONDITION_CHECK_FAIL, 403, "Condition check failed.");
        }
    }

    private static boolean matches(ColumnCondition condition, Map<String, ColumnValue> row) {
        if (condition instanceof SingleColumnValueCondition) {
            return matchesSingle((SingleColumnValueCondition) condition, row);
        }
        CompositeColumnValueCondition composite = (CompositeColumnValueCondition) condition;
        List<ColumnCondition> subs = composite.getSubConditions();
        switch (composite.getOperationType()) {
            case AND:
                requireAtLeast(2, subs);
                return subs.stream().allMatch(sub -> matches(sub, row));
            case OR:
                requireAtLeast(2, subs);
                return subs.stream().anyMatch(sub -> matches(sub, row));
            case NOT:
                if (subs.size() != 1) {
                    throw parameterInvalid("NOT takes exactly one sub-condition.");
                }
                return !matches(subs.get(0), row);
            default:
                throw new IllegalStateException("unknown operator " + composite.getOperationType());
        }
    }

    private static void requireAtLeast(int count, List<ColumnCondition> subs) {
        if (subs.size() < count) {
            throw parameterInvalid("AND and OR take at least two sub-conditions.");
        }
    }

    private static boolean matchesSingle(SingleColumnValueCondition condition, Map<String, ColumnValue> row) {
        ColumnValue actual = row.get(condition.getColumnName());
        if (actual == null) {
            return condition.isPassIfMissing();
        }
        ColumnValue expected = condition.getColumnValue();
        if (actual.getType() != expected.getType()) {
            return false;
        }
        int cmp = actual.compareTo(expected);
        switch (condition.getOperator()) {
            case EQUAL:
                return cmp == 0;
            case NOT_EQUAL:
                return cmp != 0;
            case GREATER_THAN:
                return cmp > 0;
            case GREATER_EQUAL:
                return cmp >= 0;
            case LESS_THAN:
                return cmp < 0;
            case LESS_EQUAL:
                return cmp <= 0;
            default:
                throw new IllegalStateException("unknown operator " + condition.getOperator());
        }
    }

    private void begin(String operation, String table) {
        calls.add(operation + " " + table);
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }

    private Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw error(ErrorCode.OBJECT_NOT_EXIST, 404, "Requested table does not exist.");
        }
        return table;
    }

    private static Object keyOf(Table table, PrimaryKey key) {
        PrimaryKeyColumn[] columns = key == null ? new PrimaryKeyColumn[0] : key.getPrimaryKeyColumns();
        if (columns.length != 1 || !columns[0].getName().equals(table.key.getName())
                || columns[0].getValue().getType() != table.key.getType()) {
            throw parameterInvalid("Validate PK name fail or PK type mismatch.");
        }
        return table.key.getType() == PrimaryKeyType.INTEGER ? (Object) columns[0].getValue().asLong()
                : columns[0].getValue().asString();
    }

    private Response response() {
        return new Response("fake-request-" + (++requestCounter));
    }

    private static ConsumedCapacity capacity() {
        return new ConsumedCapacity(new CapacityUnit(1, 1));
    }

    private static TableStoreException parameterInvalid(String message) {
        return error(ErrorCode.INVALID_PARAMETER, 400, message);
    }

    private static TableStoreException error(String code, int httpStatus, String message) {
        return new TableStoreException(message, null, code, "fake-request", httpStatus);
    }
}
