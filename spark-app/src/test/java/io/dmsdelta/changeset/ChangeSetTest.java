package io.dmsdelta.changeset;

import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.dms.BadInputException;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.RawColumns;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typing, validation and compaction to the last change per key on raw rows built in memory. */
class ChangeSetTest {

    static final TableDefinition TABLE = TableDefinitions.parse("""
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["a", "b"],
              "columns": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"},
                          {"name": "v", "type": "bigint"}]}]}""", "test").all().get(0);

    static final StructType RAW = new StructType()
            .add(FileLayout.OP, DataTypes.StringType).add("a", DataTypes.StringType).add("b", DataTypes.StringType)
            .add("v", DataTypes.StringType).add(RawColumns.CORRUPT, DataTypes.StringType)
            .add(RawColumns.FILE, DataTypes.StringType).add(RawColumns.FILE_MODIFIED, DataTypes.TimestampType)
            .add(RawColumns.FILE_INDEX, DataTypes.IntegerType)
            .add(RawColumns.BLOCK, DataTypes.LongType).add(RawColumns.ROW_ID, DataTypes.LongType)
            .add(RawColumns.HEADER_LINES, DataTypes.IntegerType).add(RawColumns.LINE, DataTypes.IntegerType)
            .add(RawColumns.EXPECTED_FIELDS, DataTypes.StringType);

    /** op,a,b,v at (file index, split start, row id). */
    private static Row raw(String op, String a, String b, String v, int file, long block, long rowId) {
        return RowFactory.create(op, a, b, v, null, "f" + file + ".csv", new java.sql.Timestamp(0), file, block, rowId, 0,
                null, "4");
    }

    private static ChangeSet changes(Row... rows) {
        Dataset<Row> raw = TestSpark.get().createDataFrame(List.of(rows), RAW);
        return new ChangeSet(raw, TABLE, Optional.empty(), DmsFileKind.CDC);
    }

    @Test
    void theLastChangeInFileThenSplitThenRowOrderWinsPerCompositeKey() {
        try (ChangeSet set = changes(
                raw("I", "1", "x", "10", 0, 0, 5),
                raw("U", "1", "x", "11", 0, 0, 7),
                raw("U", "1", "x", "99", 0, 4096, 1), // a later split of the same file: after row 7 of split 0
                raw("D", "1", "y", null, 1, 0, 0),
                raw("I", "1", "y", "20", 0, 0, 9), // an earlier file: the delete in file 1 wins
                raw("U", "2", "x", "30", 2, 0, 0));
             CompactedChanges compacted = set.compact(false)) {
            assertEquals(new ChangeSet.Counts(6, 0), compacted.counts());
            assertEquals(List.of("D 1/y=null", "U 1/x=99", "U 2/x=30"), lastChanges(compacted));
        }
    }

    @Test
    void aBadRowSetAsideIsNeverAKeysLastChangeAndIsCounted() {
        try (ChangeSet set = changes(
                raw("I", "5", "k", "1", 0, 0, 0),
                raw("U", "5", "k", "oops", 0, 0, 1), // bad, and the key's last row: the insert stays its last change
                raw("U", "6", "k", "oops", 1, 0, 0)); // only a bad row: the key has no change at all
             CompactedChanges compacted = set.compact(true)) {
            assertEquals(new ChangeSet.Counts(3, 2), compacted.counts());
            assertEquals(List.of("I 5/k=1"), lastChanges(compacted));
            assertEquals(2, set.badRows().count());
        }
    }

    private static List<String> lastChanges(CompactedChanges compacted) {
        List<String> last = new ArrayList<>();
        for (Row row : compacted.lastChangePerKey().collectAsList()) {
            last.add(row.getAs(FileLayout.OP) + " " + row.getAs("a") + "/" + row.getAs("b") + "=" + row.getAs("v"));
        }
        last.sort(null);
        return last;
    }

    @Test
    void keyRangesSpanEveryKeyColumnOfTheKeptChanges() {
        try (ChangeSet set = changes(
                raw("I", "7", "m", "1", 0, 0, 0),
                raw("D", "3", "x", null, 0, 0, 1),
                raw("U", "12", "b", "2", 1, 0, 0),
                raw("U", "99", "a", "oops", 1, 0, 1)); // bad, set aside: not part of the batch
             CompactedChanges compacted = set.compact(true)) {
            List<String> ranges = compacted.keyRanges().ranges().stream()
                    .map(r -> r.column() + " " + r.min() + ".." + r.max()).toList();
            assertEquals(List.of("a 3..12", "b b..x"), ranges);
        }
    }

    @Test
    void validationReportsEveryProblemOfARowWithItsLine() {
        try (ChangeSet set = changes(
                raw("I", "1", "x", "10", 0, 0, 0),
                raw("U", "one", "x", "1.5", 0, 0, 1),
                raw("U", "2", null, "3", 0, 0, 2))) {
            BadInputException e = assertThrows(BadInputException.class, () -> set.compact(false));
            assertEquals(2, e.badRows());
            String message = e.getMessage();
            assertTrue(message.contains("f0.csv line 2, column a, value \"one\": is not a valid int"), message);
            assertTrue(message.contains("f0.csv line 2, column v, value \"1.5\": is not a valid bigint"), message);
            assertTrue(message.contains("f0.csv line 3, column b: the primary key value is missing"), message);
        }
    }

    @Test
    void fullLoadRowsMayOnlyInsert() {
        Dataset<Row> raw = TestSpark.get().createDataFrame(List.of(raw("U", "1", "x", "1", 0, 0, 0)), RAW);
        try (ChangeSet set = new ChangeSet(raw, TABLE, Optional.empty(), DmsFileKind.LOAD)) {
            BadInputException e = assertThrows(BadInputException.class, set::validate);
            assertTrue(e.getMessage().contains("unknown operation code; expected one of I"), e.getMessage());
        }
    }
}
