package io.dmsdelta.source.debezium;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.report.EventFacts;
import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static io.dmsdelta.source.debezium.DebeziumEventsPipelineTest.TABLES;
import static io.dmsdelta.source.debezium.DebeziumEventsPipelineTest.event;
import static io.dmsdelta.source.debezium.DebeziumEventsPipelineTest.key;
import static io.dmsdelta.source.debezium.DebeziumEventsPipelineTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Debezium batch with deletes killed dead (as SIGKILL, in its own JVM) at each point of its apply: while its
 * tombstones are appended on their own thread, before the table's commit, after it. The next run completes the table,
 * and a late event of a deleted key that comes after it stays out: the tombstone was recorded before the commit.
 */
class DebeziumCrashRecoveryTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"after-recording-tombstones", "before-targeted-commit", "after-merge-commit"})
    void aRunKilledAtAnyPointIsCompletedByTheNextRunAndDeletedKeysStayDeleted(String point) throws Exception {
        DebeziumEventsPipelineTest events = new DebeziumEventsPipelineTest();
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        events.sinkFile(p, 0, 0, event("r", 100, "null", row(1, "Ann", "BNI=", "long text")),
                event("r", 100, "null", row(2, "Bob", "AA==", null)), event("r", 100, "null", row(3, "Cy", "AA==", null)));
        assertEquals(ExitCodes.OK, p.run().exitCode());

        events.sinkFile(p, 1, 0, event("d", 300, key(2), "null"), event("u", 310, key(3), row(3, "Cyd", "AQ==", null)));
        ChildJvm crashing = ChildJvm.startRun(p, dir.resolve("crash-" + point + ".log"), CrashPoints.PROPERTY + "=" + point);
        assertEquals(137, crashing.exitCode(), crashing::log);

        Pipeline.Result rerun = p.run();
        assertEquals(ExitCodes.OK, rerun.exitCode(), rerun.all());
        List<String> expected = List.of(DebeziumEventsPipelineTest.ANN + "100",
                "3|Cyd|0.01|2018-06-20|2024-06-12 10:31:25.108123|null|310");
        assertEquals(expected, p.rows("inventory", "customers"));

        // A connector restart delivers Bob's older update after his delete: it stays out.
        events.sinkFile(p, 2, 0, event("u", 200, key(2), row(2, "Bobby", "AA==", null)));
        Pipeline.Result late = p.run();
        assertEquals(ExitCodes.OK, late.exitCode(), late.all());
        assertEquals(expected, p.rows("inventory", "customers"));
        EventFacts facts = late.table("inventory.customers").events();
        assertEquals(1, facts.supersededByTombstones(), "Bob's update is older than his tombstone");
    }
}
