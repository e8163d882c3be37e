package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class FullLoadTest {

    static final String TABLE = """
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "bigint"}, {"name": "v", "type": "string"}]}]}""";

    @TempDir
    Path dir;

    @Test
    void loadFilesInParallelLoadSubfoldersAndSegmentsAreAllLoadedInOneCommit() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a");
        p.file("s/t/LOAD0000000A.csv", "2,b");
        p.file("s/t/part_2024/LOAD00000001.csv", "3,c");
        p.file("s/t/SEGMENT2_LOAD00000001.csv", "4,d");
        p.file("s/t/20240612-100000000.csv", "U,3,cc");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|a", "2|b", "3|cc", "4|d"), p.rows("s", "t"));
        assertEquals(1, p.version("s", "t"));
    }

    @Test
    void aKeyTwiceInTheFullLoadIsAnErrorAndNoTableIsCreated() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b");
        p.file("s/t/LOAD00000002.csv", "2,again");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.t", TableStatus.FAILED, Reason.BAD_INPUT,
                "column id, value \"id=2\": the key appears 2 times in the full load");
        assertEquals(null, result.table("s.t").lagSeconds(), "no CDC file applied: no lag to tell");
        assertFalse(Files.exists(Path.of(p.tablePath("s", "t"), "_delta_log")));
    }

    @Test
    void aRunDuringDmssFullLoadIsCompletedWhenTheRestOfTheLoadSetArrives() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b");
        assertEquals(0, p.run().exitCode()); // triggered by the first LOAD file, while DMS still writes the next
        p.file("s/t/LOAD00000002.csv", "3,c");
        p.file("s/t/20240612-100000000.csv", "U,1,aa", "D,3,");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("1|aa", "2|b"), p.rows("s", "t"));
    }

    @Test
    void aReloadReSnapshotsTheTableAndAppliesOnlyTheCdcFilesWrittenAfterIt() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        stored(p.file("s/t/LOAD00000001.csv", "1,a", "2,b"), "2024-06-12T10:00:00Z");
        p.file("s/t/20240612-100100000.csv", "U,1,a1");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|a1", "2|b"), p.rows("s", "t"));

        // Not applied yet when the task stopped; the source then changed uncaptured, and the table was reloaded.
        p.file("s/t/20240612-110000000.csv", "U,2,stale");
        stored(p.file("s/t/LOAD00000001.csv", "1,a9", "2,b9", "3,c9"), "2024-06-12T12:00:00Z");
        p.file("s/t/20240612-115955000.csv", "U,3,c10"); // within the clock-skew allowance: still applied
        p.file("s/t/20240612-120500000.csv", "D,1,", "I,4,d");
        Pipeline.Result reload = p.run();
        assertEquals(0, reload.exitCode(), reload.all());
        assertEquals(3, reload.table("s.t").loadRows(), "re-snapshotted");
        assertEquals(List.of(CommitKind.FULL_LOAD, CommitKind.CDC, CommitKind.RELOAD, CommitKind.CDC),
                CrashRecoveryTest.commitKinds(p.tablePath("s", "t")));
        assertEquals(List.of("2|b9", "3|c10", "4|d"), p.rows("s", "t"));

        Pipeline.Result again = p.run();
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(TableStatus.UP_TO_DATE, again.table("s.t").status());
    }

    @Test
    void aLoadFileThatAppearsBesideLoadedOnesAfterCdcWasAppliedIsAnErrorNotAReload() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        stored(p.file("s/t/LOAD00000001.csv", "1,a", "2,b"), "2024-06-12T10:00:00Z");
        p.file("s/t/20240612-100100000.csv", "U,1,aa");
        assertEquals(0, p.run().exitCode());
        long version = p.version("s", "t");
        p.file("s/t/LOAD00000002.csv", "3,c"); // stored now, while LOAD00000001.csv is the one loaded before

        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.t", TableStatus.FAILED, Reason.FILES_REFUSED, "s/t/LOAD00000002.csv: this LOAD file"
                + " appeared after CDC files were applied, beside LOAD files loaded before it (such as"
                + " LOAD00000001.csv). A DMS reload rewrites every LOAD file, so this is not one");
        assertEquals(List.of("1|aa", "2|b"), p.rows("s", "t"), "the applied change is not undone");
        assertEquals(version, p.version("s", "t"));
    }

    @Test
    void loadFilesRemovedAfterCdcWasAppliedLeaveTheTableAsItIs() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        stored(p.file("s/t/LOAD00000001.csv", "1,a"), "2024-06-12T10:00:00Z");
        stored(p.file("s/t/LOAD00000002.csv", "2,b"), "2024-06-12T10:00:01Z");
        p.file("s/t/20240612-100100000.csv", "U,1,aa");
        assertEquals(0, p.run().exitCode());
        Files.delete(p.source.resolve("s/t/LOAD00000002.csv")); // a lifecycle rule, say

        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        result.assertWarning("s.t", "LOAD files were removed since the table was loaded");
        assertEquals(List.of("1|aa", "2|b"), p.rows("s", "t"));
    }

    private static void stored(Path file, String instant) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.parse(instant)));
    }

    @Test
    void aTargetThatIsADeltaTableDmsDeltaDidNotCreateFailsItsTableAndIsLeftAsItIs() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a");
        TestSpark.get().sql("SELECT 1L AS id, 'theirs' AS v").write().format("delta").save(p.tablePath("s", "t"));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.t", TableStatus.FAILED, Reason.CONFIGURATION,
                "is a Delta table that dms-delta did not create");
        assertEquals(List.of("1|theirs"), p.rows("s", "t"));
    }

    @Test
    void aCdcOnlyTaskStartsFromAnEmptyTable() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/20240612-100000000.csv", "I,1,a", "U,2,b", "D,3,");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|a", "2|b"), p.rows("s", "t"));
    }
}
