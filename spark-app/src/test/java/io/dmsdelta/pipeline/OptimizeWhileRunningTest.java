package io.dmsdelta.pipeline;

import io.delta.tables.DeltaTable;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code optimize} and a run committing to the same table in between each other's read and commit, each order: the
 * one that commits second fails with nothing written (the run plans again and applies), and no row is lost or kept
 * twice. The first is held at a pause point in a JVM of its own while the second commits.
 */
class OptimizeWhileRunningTest {

    @TempDir
    Path dir;

    @Test
    void optimizeCommitsWhileARunAppliesItsBatch() throws Exception {
        Pipeline p = pendingBatch();
        Path log = dir.resolve("run.log");
        ChildJvm run = ChildJvm.startPausedCli(log, ChildJvm.runArguments(p, log), "before-targeted-commit");
        run.awaitPause();
        assertEquals(ExitCodes.OK, optimize(p).exitCode());
        run.resume();
        assertEquals(ExitCodes.OK, run.exitCode(), run::log);
        assertEquals(TableStatus.APPLIED, run.report().table("sales.order_lines").status());
        assertAppliedOnce(p);
    }

    @Test
    void aRunCommitsWhileOptimizeRewritesTheTable() throws Exception {
        Pipeline p = pendingBatch();
        ChildJvm optimize = ChildJvm.startPausedCli(dir.resolve("optimize.log"), optimizeArguments(p),
                "before-optimize-commit");
        optimize.awaitPause();
        assertEquals(TableStatus.APPLIED, p.run().table("sales.order_lines").status());
        optimize.resume();
        assertEquals(ExitCodes.TABLE_FAILED, optimize.exitCode(), optimize::log);
        assertAppliedOnce(p);

        assertEquals(ExitCodes.OK, optimize(p).exitCode());
        assertAppliedOnce(p);
    }

    /** The sample table loaded with its first CDC file applied, and its other two waiting. */
    private Pipeline pendingBatch() {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103125108.csv");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        return p;
    }

    private static void assertAppliedOnce(Pipeline p) {
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        List<String> applied = DeltaTable.forPath(TestSpark.get(), p.tablePath("sales", "order_lines")).history()
                .orderBy("version").select("userMetadata").collectAsList().stream()
                .flatMap(row -> CommitMetadata.fromJson(row.getString(0)).stream())
                .map(m -> m.kind().label() + " " + m.firstFile() + ".." + m.lastFile()).toList();
        assertEquals(List.of("full-load LOAD00000001.csv..LOAD00000001.csv",
                "cdc 20240612-103125108.csv..20240612-103125108.csv",
                "cdc 20240612-103225311.csv..20240612-103326007.csv"), applied);
    }

    private static List<String> optimizeArguments(Pipeline p) {
        return List.of("optimize", "--target", p.target.toString(), "--tables", Pipeline.SAMPLE_TABLES.toString(),
                "--table", "sales.order_lines");
    }

    private static Pipeline.Result optimize(Pipeline p) {
        return Pipeline.cli(optimizeArguments(p).toArray(String[]::new));
    }
}
