package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.merge.DeletionVectorApply;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small file a minute: with deletion vectors a batch marks the rows it replaces and adds its own rows in a file
 * of its own, without rewriting the files it touches, and the small files are rewritten into one before they pile
 * up. Without deletion vectors (a table setting) Delta's MERGE applies the batch.
 */
class MinuteFilesTest {

    static final String TABLE = """
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], %s
              "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}]}]}""";

    @TempDir
    Path dir;

    /** The table's live data files. */
    private static List<AddFile> files(Pipeline p) {
        return DeltaLog.forTable(TestSpark.get(), p.tablePath("s", "t")).update(false, Option.empty(), Option.empty())
                .allFiles().collectAsList();
    }

    private Pipeline loaded(String setting) {
        Pipeline p = new Pipeline(dir).withTables(TABLE.formatted(setting));
        List<String> load = new ArrayList<>();
        for (int id = 1; id <= 100; id++) {
            load.add(id + ",load");
        }
        p.file("s/t/LOAD00000001.csv", load.toArray(String[]::new));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        return p;
    }

    @Test
    void aBatchMarksTheRowsItReplacesWithDeletionVectorsAndAddsItsRowsInAFileOfItsOwn() {
        Pipeline p = loaded("");
        assertTrue(io.dmsdelta.delta.DeltaTableHandle.open(TestSpark.get(), p.tablePath("s", "t")).deletionVectorsEnabled(), "on by default for a new table");
        AddFile loadFile = files(p).get(0);
        p.file("s/t/20240612-100000000.csv", "U,5,five", "D,6,", "I,101,new", "U,200,upserted", "D,300,");
        Pipeline.Result result = p.run();
        TableReport report = result.table("s.t");
        assertEquals(TableStatus.APPLIED, report.status());
        assertEquals(List.of(2L, 1L, 1L, 5L), List.of(report.rowsInserted(), report.rowsUpdated(), report.rowsDeleted(),
                report.changedKeys()), "101 and 200 inserted, 5 updated, 6 deleted; 300 was not there");
        assertEquals(List.of("read", "align", "candidates", "matches", "vectors", "writes", "commit"),
                List.copyOf(report.phaseMs().keySet()), "the targeted apply's phases, timed, in order");
        List<AddFile> after = files(p);
        assertEquals(2, after.size(), "the load's file, and the batch's own");
        AddFile marked = after.stream().filter(f -> f.path().equals(loadFile.path())).findFirst().orElseThrow();
        assertEquals(2L, marked.deletionVector().cardinality(), "rows 5 and 6 are marked, nothing is rewritten");
        List<String> rows = p.rows("s", "t");
        assertEquals(101, rows.size(), "100 loaded, 2 inserted, 1 deleted");
        assertTrue(rows.contains("5|five") && rows.contains("101|new") && rows.contains("200|upserted"));
        assertTrue(!rows.contains("6|load") && !rows.contains("5|load"));
    }

    @Test
    void smallFilesAreRewrittenIntoOneBeforeTheyPileUpAndTheRowsStayExact() {
        Pipeline p = loaded("");
        TreeMap<Integer, String> expected = new TreeMap<>();
        for (int id = 1; id <= 100; id++) {
            expected.put(id, "load");
        }
        int most = 0;
        for (int run = 1; run <= 14; run++) {
            int updated = run * 7 % 100 + 1;
            int inserted = 1000 + run;
            int deleted = run * 13 % 100 + 1;
            p.file("s/t/20240612-10%02d00000.csv".formatted(run), "U," + updated + ",run" + run,
                    "I," + inserted + ",run" + run, "D," + deleted + ",");
            expected.put(updated, "run" + run);
            expected.put(inserted, "run" + run);
            expected.remove(deleted);
            assertEquals(ExitCodes.OK, p.run().exitCode());
            most = Math.max(most, files(p).size());
        }
        assertTrue(most <= 10, "never more than 10 small files, was " + most);
        List<String> rows = new ArrayList<>();
        expected.forEach((id, v) -> rows.add(id + "|" + v));
        rows.sort(null);
        assertEquals(rows, p.rows("s", "t"));
    }

    @Test
    void aTableWithoutDeletionVectorsIsAppliedWithDeltasMerge() {
        Pipeline p = loaded("\"deletionVectors\": false,");
        assertTrue(!io.dmsdelta.delta.DeltaTableHandle.open(TestSpark.get(), p.tablePath("s", "t")).deletionVectorsEnabled());
        p.file("s/t/20240612-100000000.csv", "U,5,five", "D,6,", "I,101,new");
        TableReport report = p.run().table("s.t");
        assertEquals(List.of(1L, 1L, 1L), List.of(report.rowsInserted(), report.rowsUpdated(), report.rowsDeleted()));
        assertEquals(List.of("read", "align", "merge"), List.copyOf(report.phaseMs().keySet()));
        assertTrue(files(p).stream().allMatch(f -> f.deletionVector() == null), "copy on write, no deletion vector");
        assertEquals(100, p.rows("s", "t").size());
    }

    @Test
    void aDefinitionThatAsksForDeletionVectorsTurnsThemOnForAnExistingTable() {
        Pipeline p = loaded("\"deletionVectors\": false,");
        p.withTables(TABLE.formatted("\"deletionVectors\": true,"));
        p.file("s/t/20240612-100000000.csv", "U,5,five");
        TableReport report = p.run().table("s.t");
        assertTrue(report.warnings().contains("deletion vectors turned on (readers now need Delta reader version 3), as"
                + " the definition says"), report.warnings().toString());
        assertTrue(files(p).stream().anyMatch(f -> f.deletionVector() != null));
        assertTrue(p.rows("s", "t").contains("5|five"));
    }
}
