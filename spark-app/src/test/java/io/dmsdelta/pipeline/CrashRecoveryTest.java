package io.dmsdelta.pipeline;

import io.delta.tables.DeltaTable;
import io.dmsdelta.cli.DmsDeltaMain;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    @ValueSource(strings = {"before-full-load-commit", "after-full-load-commit", "before-merge", "after-merge-commit"})
    void aRunKilledAtAnyPointIsCompletedByTheNextRun(String point) throws Exception {
        Pipeline p = new Pipeline(dir);
        boolean crashDuringLoad = point.contains("full-load");
        if (crashDuringLoad) {
            p.copySample("sales/order_lines");
        } else {
            p.copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103125108.csv");
            assertEquals(0, p.run().exitCode());
            p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        }

        Path log = dir.resolve("crash-" + point + ".log");
        assertEquals(137, runInSeparateJvmCrashingAt(point, p, log), () -> readLog(log));
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

    /** dms-delta's commits, oldest first, as {@code kind first..last}. */
    private static List<String> commits(String table) {
        List<String> commits = new ArrayList<>();
        for (Row row : DeltaTable.forPath(TestSpark.get(), table).history().orderBy("version").select("userMetadata").collectAsList()) {
            CommitMetadata m = CommitMetadata.fromJson(row.getString(0)).orElseThrow();
            commits.add(m.kind() + " " + m.firstFile() + ".." + m.lastFile());
        }
        return commits;
    }

    private static String readLog(Path log) {
        try {
            return java.nio.file.Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int runInSeparateJvmCrashingAt(String point, Pipeline p, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Pipeline.REPO.resolve("bin/spark-jvm.args"),
                "-Xmx1g", "-Duser.timezone=UTC",
                "-Dlog4j2.configurationFile=" + Pipeline.REPO.resolve("bin/log4j2.properties"),
                "-Dspark.master=local[2]", "-Dspark.sql.shuffle.partitions=2", "-Dspark.ui.enabled=false",
                "-D" + CrashPoints.PROPERTY + "=" + point,
                "-cp", System.getProperty("java.class.path"),
                DmsDeltaMain.class.getName(),
                "run", "--source", p.source.toString(), "--target", p.target.toString(),
                "--tables", Pipeline.SAMPLE_TABLES.toString(), "--endpoint-settings", Pipeline.SAMPLE_SETTINGS.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the crashing run did not end");
        return process.exitValue();
    }
}
