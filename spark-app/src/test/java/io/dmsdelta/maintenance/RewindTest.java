package io.dmsdelta.maintenance;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rewind} on tables with deletion vectors: a batch that marks rows of a file that survives it is undone by
 * giving the file back the vector it had, and a version whose vector file is gone is refused.
 */
class RewindTest {

    @TempDir
    Path dir;

    @Test
    void rowsABatchHidInASurvivingFileComeBackAndTheNextRunAppliesWhatFollows() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b", "3,c");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        Path bad = p.file("s/t/20240612-100200000.csv", "U,2,wrong");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertNotNull(loadFileAt(p, 1).deletionVector(), "the batch should have marked row 2 in the LOAD file's vector");

        assertEquals(ExitCodes.OK, p.rewind("s.t", 0).exitCode());
        assertEquals(List.of("1|a", "2|b", "3|c"), p.rows("s", "t"));

        Files.delete(bad);
        p.file("s/t/20240612-100300000.csv", "U,3,c3");
        Pipeline.Result next = p.run();
        assertEquals(1, next.table("s.t").cdcFilesApplied());
        assertEquals(List.of("1|a", "2|b", "3|c3"), p.rows("s", "t"));
    }

    @Test
    void aVersionWhoseDeletionVectorFileIsGoneIsRefusedAndNothingIsWritten() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b", "3,c");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file("s/t/20240612-100200000.csv", "U,2,b2");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file("s/t/20240612-100300000.csv", "U,3,c3");
        assertEquals(ExitCodes.OK, p.run().exitCode());

        // As VACUUM would: version 1's vector is no longer used by the current version, and its file is deleted.
        AddFile atOne = loadFileAt(p, 1);
        Files.delete(Path.of(atOne.deletionVector().absolutePath(new org.apache.hadoop.fs.Path(p.tablePath("s", "t")))
                .toUri().getPath()));
        long before = p.version("s", "t");
        Pipeline.Result refused = p.rewind("s.t", 1);
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.all());
        assertEquals(before, p.version("s", "t"));
        assertEquals(List.of("1|a", "2|b2", "3|c3"), p.rows("s", "t"));

        assertEquals(ExitCodes.OK, p.rewind("s.t", 0).exitCode());
        assertEquals(List.of("1|a", "2|b", "3|c"), p.rows("s", "t"));
        assertEquals(TableStatus.APPLIED, p.run().table("s.t").status());
        assertEquals(List.of("1|a", "2|b2", "3|c3"), p.rows("s", "t"));
    }

    @Test
    void aRewindKilledBeforeItsCommitLeavesTheTableAsItWasAndCanBeRunAgain() throws IOException, InterruptedException {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file("s/t/20240612-100200000.csv", "U,2,b2", "I,3,c");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        long before = p.version("s", "t");

        ChildJvm crashing = ChildJvm.startCli(dir.resolve("rewind.log"), p.rewindArguments("s.t", 0),
                CrashPoints.PROPERTY + "=before-rewind-commit");
        assertEquals(137, crashing.exitCode(), crashing::log);
        assertEquals(before, p.version("s", "t"));
        assertEquals(List.of("1|a", "2|b2", "3|c"), p.rows("s", "t"));

        assertEquals(ExitCodes.OK, p.rewind("s.t", 0).exitCode());
        assertEquals(List.of("1|a", "2|b"), p.rows("s", "t"));
        assertEquals(1, p.run().table("s.t").cdcFilesApplied(), "the undone file applies again");
        assertEquals(List.of("1|a", "2|b2", "3|c"), p.rows("s", "t"));
    }

    /** The LOAD file's entry at a version: the one file of the table written by the full load (version 0). */
    private static AddFile loadFileAt(Pipeline p, long version) {
        DeltaLog log = DeltaLog.forTable(TestSpark.get(), p.tablePath("s", "t"));
        List<AddFile> loaded = log.getSnapshotAt(0, Option.empty(), Option.empty()).allFiles().collectAsList();
        assertEquals(1, loaded.size());
        List<AddFile> then = log.getSnapshotAt(version, Option.empty(), Option.empty()).allFiles().collectAsList();
        AddFile file = then.stream().filter(f -> f.path().equals(loaded.get(0).path())).findFirst().orElseThrow();
        assertTrue(file.path().endsWith(".parquet"));
        return file;
    }
}
