package io.dmsdelta.pipeline;

import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two runs on the same table at the same time, each in its own JVM (as two jobs would be): both finish
 * successfully, the table is exactly right, and the Delta history shows every file applied exactly once.
 */
class ConcurrentRunsTest {

    @TempDir
    Path dir;

    @Test
    void twoRunsRacingForTheFullLoadAndTheMerge() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines");
        assertBothSucceed(p);
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        assertEquals(List.of("full-load LOAD00000001.csv..LOAD00000001.csv",
                "cdc 20240612-103125108.csv..20240612-103326007.csv"), CrashRecoveryTest.commits(p.tablePath("sales", "order_lines")));
    }

    @Test
    void twoRunsRacingForTheSameMerge() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103125108.csv");
        assertEquals(0, p.run().exitCode());
        p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        assertBothSucceed(p);
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        assertEquals(List.of("full-load LOAD00000001.csv..LOAD00000001.csv",
                "cdc 20240612-103125108.csv..20240612-103125108.csv",
                "cdc 20240612-103225311.csv..20240612-103326007.csv"), CrashRecoveryTest.commits(p.tablePath("sales", "order_lines")));
    }

    private void assertBothSucceed(Pipeline p) throws Exception {
        ChildJvm first = ChildJvm.startRun(p, dir.resolve("first.log"));
        ChildJvm second = ChildJvm.startRun(p, dir.resolve("second.log"));
        assertEquals(0, first.exitCode(), first::log);
        assertEquals(0, second.exitCode(), second::log);
    }
}
