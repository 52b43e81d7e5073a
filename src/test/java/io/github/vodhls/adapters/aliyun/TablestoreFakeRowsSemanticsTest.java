package io.github.vodhls.adapters.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition;
import com.alicloud.openservices.tablestore.model.condition.CompositeColumnValueCondition.LogicOperator;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition.CompareOperator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake must refuse what Tablestore refuses, or the contract suites prove nothing. */
class TablestoreFakeRowsSemanticsTest {

    private final FakeTablestoreRows rows = new FakeTablestoreRows();

    @BeforeEach
    void createTables() {
        new TablestoreSchema(rows, "t", "v").createTables();
        RowPutChange put = new RowPutChange("t", TablestoreRequests.primaryKey("token_id", "a"))
                .addColumn("n", ColumnValue.fromLong(1))
                .addColumn("s", ColumnValue.fromString("x"));
        rows.putRow(new PutRowRequest(put));
    }

    private static void assertConditionFails(Runnable write) {
        TableStoreException e = assertThrows(TableStoreException.class, write::run);
        assertEquals("OTSConditionCheckFail", e.getErrorCode());
    }

    private RowUpdateChange update(String key, Condition condition) {
        RowUpdateChange change = new RowUpdateChange("t", TablestoreRequests.primaryKey("token_id", key));
        change.increment(new Column("n", ColumnValue.fromLong(1)));
        change.setCondition(condition);
        return change;
    }

    @Test
    void putRow_whenExpectNotExistAndRowExists_failsAndKeepsTheRow() {
        RowPutChange put = new RowPutChange("t", TablestoreRequests.primaryKey("token_id", "a"))
                .addColumn("n", ColumnValue.fromLong(99));
        put.setCondition(new Condition(RowExistenceExpectation.EXPECT_NOT_EXIST));
        assertConditionFails(() -> rows.putRow(new PutRowRequest(put)));
        assertEquals(ColumnValue.fromLong(1), rows.row("t", "a").get("n"));
    }

    @Test
    void updateRow_whenExpectExistAndRowMissing_failsAndCreatesNothing() {
        assertConditionFails(() -> rows.updateRow(new UpdateRowRequest(
                update("b", new Condition(RowExistenceExpectation.EXPECT_EXIST)))));
        assertEquals(Map.of(), rows.row("t", "b"));
    }

    @Test
    void columnCondition_whenColumnMissing_followsPassIfMissing() {
        Condition strict = TablestoreRequests.expect(RowExistenceExpectation.EXPECT_EXIST,
                TablestoreRequests.column("absent", CompareOperator.EQUAL, ColumnValue.fromLong(0), false));
        assertConditionFails(() -> rows.updateRow(new UpdateRowRequest(update("a", strict))));
        Condition lenient = TablestoreRequests.expect(RowExistenceExpectation.EXPECT_EXIST,
                TablestoreRequests.column("absent", CompareOperator.EQUAL, ColumnValue.fromLong(0), true));
        rows.updateRow(new UpdateRowRequest(update("a", lenient)));
        assertEquals(ColumnValue.fromLong(2), rows.row("t", "a").get("n"));
    }

    @Test
    void compositeAnd_whenOneSideFails_fails() {
        Condition condition = TablestoreRequests.expect(RowExistenceExpectation.EXPECT_EXIST,
                new CompositeColumnValueCondition(LogicOperator.AND)
                        .addCondition(TablestoreRequests.column("n", CompareOperator.LESS_THAN,
                                ColumnValue.fromLong(5), false))
                        .addCondition(TablestoreRequests.column("s", CompareOperator.EQUAL,
                                ColumnValue.fromString("y"), false)));
        assertConditionFails(() -> rows.updateRow(new UpdateRowRequest(update("a", condition))));
        assertEquals(ColumnValue.fromLong(1), rows.row("t", "a").get("n"));
    }

    @Test
    void increment_withAfterModify_returnsTheNewCounter() {
        RowUpdateChange change = update("a", new Condition(RowExistenceExpectation.EXPECT_EXIST));
        change.setReturnType(ReturnType.RT_AFTER_MODIFY);
        change.addReturnColumn("n");
        assertEquals(2, rows.updateRow(new UpdateRowRequest(change)).getRow().getLatestColumn("n").getValue()
                .asLong());
    }

    @Test
    void increment_onStringColumn_isParameterInvalid() {
        RowUpdateChange change = new RowUpdateChange("t", TablestoreRequests.primaryKey("token_id", "a"));
        change.increment(new Column("s", ColumnValue.fromLong(1)));
        TableStoreException e = assertThrows(TableStoreException.class,
                () -> rows.updateRow(new UpdateRowRequest(change)));
        assertEquals("OTSParameterInvalid", e.getErrorCode());
    }

    @Test
    void getRow_whenTableMissing_isObjectNotExist() {
        TableStoreException e = assertThrows(TableStoreException.class,
                () -> rows.getRow(TablestoreRequests.getLatest("nope", TablestoreRequests.primaryKey("k", "a"))));
        assertEquals("OTSObjectNotExist", e.getErrorCode());
    }

    @Test
    void getRow_whenRowMissing_returnsNoRow() {
        assertNull(rows.getRow(TablestoreRequests.getLatest("t", TablestoreRequests.primaryKey("token_id", "zz"),
                "n")).getRow());
    }

    @Test
    void anyCall_withWrongPrimaryKeyName_isParameterInvalid() {
        TableStoreException e = assertThrows(TableStoreException.class,
                () -> rows.getRow(TablestoreRequests.getLatest("t", TablestoreRequests.primaryKey("video_id", "a"))));
        assertEquals("OTSParameterInvalid", e.getErrorCode());
    }

    @Test
    void compositeOr_passesWhenEitherSideHolds_andPassIfMissingAppliesPerSubCondition() {
        Condition missingOrSmall = TablestoreRequests.expect(RowExistenceExpectation.EXPECT_EXIST,
                new CompositeColumnValueCondition(LogicOperator.OR)
                        .addCondition(TablestoreRequests.column("absent", CompareOperator.EQUAL,
                                ColumnValue.fromString("NONE"), true))
                        .addCondition(TablestoreRequests.column("n", CompareOperator.LESS_THAN,
                                ColumnValue.fromLong(0), false)));
        rows.updateRow(new UpdateRowRequest(update("a", missingOrSmall)));
        assertEquals(ColumnValue.fromLong(2), rows.row("t", "a").get("n"));

        Condition presentAndOtherValue = TablestoreRequests.expect(RowExistenceExpectation.EXPECT_EXIST,
                new CompositeColumnValueCondition(LogicOperator.OR)
                        .addCondition(TablestoreRequests.column("s", CompareOperator.EQUAL,
                                ColumnValue.fromString("NONE"), true))
                        .addCondition(TablestoreRequests.column("n", CompareOperator.LESS_THAN,
                                ColumnValue.fromLong(0), false)));
        assertConditionFails(() -> rows.updateRow(new UpdateRowRequest(update("a", presentAndOtherValue))));
        assertEquals(ColumnValue.fromLong(2), rows.row("t", "a").get("n"));
    }

    @Test
    void deleteColumns_removesThemAndIgnoresAbsentOnes() {
        RowUpdateChange change = new RowUpdateChange("t", TablestoreRequests.primaryKey("token_id", "a"))
                .deleteColumns("s")
                .deleteColumns("absent");
        rows.updateRow(new UpdateRowRequest(change));
        assertEquals(Map.of("n", ColumnValue.fromLong(1)), rows.row("t", "a"));
    }
}
