package io.dmsdelta.pipeline;

import io.dmsdelta.faults.CrashPoints;

import io.delta.tables.DeltaTable;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed dead (no finally blocks, no shutdown hooks: as SIGKILL) at each crash point, in its own JVM,
 * then rerun: the table ends exactly right and the Delta history shows every file applied exactly once.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"before-full-load-commit", "after-full-load-commit", "after-reading-changes", "before-merge", "before-targeted-commit",
            "after-merge-commit", "before-writing-report"})
    void aRunKilledAtAnyPointIsCompletedByTheNextRun(String point) throws Exception {
        boolean crashDuringLoad = point.contains("full-load");
        Pipeline p = pipeline(crashDuringLoad);
        ChildJvm crashing = ChildJvm.startRun(p, dir.resolve("crash-" + point + ".log"), CrashPoints.PROPERTY + "=" + point);
        assertEquals(137, crashing.exitCode(), crashing::log);
        assertRecovered(p, crashDuringLoad);
    }

    /**
     * SIGKILL at moments rather than at planned points: while the full load is written, while the changes are
     * read, during the MERGE's jobs. Each moment is a log line plus a delay.
     */
    @ParameterizedTest
    @CsvSource({"full load of,300,true", "applying,100,false", "applying,600,false", "read ,0,false", "read ,400,false"})
    void aRunKilledWithSigkillAtAMomentIsCompletedByTheNextRun(String marker, long delayMs, boolean duringLoad)
            throws Exception {
        Pipeline p = pipeline(duringLoad);
        ChildJvm run = ChildJvm.startRun(p, dir.resolve("kill.log"));
        assertTrue(run.killAfter("] " + marker, delayMs), () -> "the run ended before it could be killed:\n" + run.log());
        assertRecovered(p, duringLoad);
    }

    /** The sample table with its files; unless the crash is to hit the full load, the table is loaded already. */
    private Pipeline pipeline(boolean crashDuringLoad) {
        Pipeline p = new Pipeline(dir);
        if (crashDuringLoad) {
            p.copySample("sales/order_lines");
        } else {
            p.copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103125108.csv");
            assertEquals(0, p.run().exitCode());
            p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        }
        return p;
    }

    /** A rerun completes the table exactly, and the history shows every file applied once, in order. */
    private static void assertRecovered(Pipeline p, boolean crashDuringLoad) {
        Pipeline.Result rerun = p.run();
        assertEquals(0, rerun.exitCode(), rerun.all());

        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        List<String> commits = commits(p.tablePath("sales", "order_lines"));
        List<String> expected = crashDuringLoad
                ? List.of("full-load LOAD00000001.csv..LOAD00000001.csv",
                          "cdc 20240612-103125108.csv..20240612-103326007.csv")
                : List.of("full-load LOAD00000001.csv..LOAD00000001.csv",
                          "cdc 20240612-103125108.csv..20240612-103125108.csv",
                          "cdc 20240612-103225311.csv..20240612-103326007.csv");
        assertEquals(expected, commits, "each file applied exactly once, in order");
    }

    /** The kinds of dms-delta's commits, oldest first; other commits (recording a LOAD set, say) are left out. */
    static List<io.dmsdelta.merge.CommitKind> commitKinds(String table) {
        return DeltaTable.forPath(TestSpark.get(), table).history().orderBy("version").select("userMetadata")
                .collectAsList().stream().flatMap(row -> CommitMetadata.fromJson(row.getString(0)).stream())
                .map(CommitMetadata::kind).toList();
    }

    /** dms-delta's commits, oldest first, as {@code kind first..last}. */
    static List<String> commits(String table) {
        List<String> commits = new ArrayList<>();
        for (Row row : DeltaTable.forPath(TestSpark.get(), table).history().orderBy("version").select("userMetadata").collectAsList()) {
            CommitMetadata m = CommitMetadata.fromJson(row.getString(0)).orElseThrow();
            commits.add(m.kind().label() + " " + m.firstFile() + ".." + m.lastFile());
        }
        return commits;
    }

}
