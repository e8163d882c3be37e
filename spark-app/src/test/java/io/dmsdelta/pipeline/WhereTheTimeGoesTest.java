package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.spark.SparkJobs;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each table's report says where its time went, in phases that cover its whole sync, and how many Spark jobs its
 * work started, exactly, while other tables run beside it.
 */
class WhereTheTimeGoesTest {

    private static final String TABLE = """
            {"schema": "s", "table": "%s", "primaryKey": ["id"],
             "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}]}""";

    @TempDir
    Path dir;

    private Pipeline pipeline(String... tables) {
        List<String> definitions = new ArrayList<>();
        for (String table : tables) {
            definitions.add(TABLE.formatted(table));
        }
        Pipeline p = new Pipeline(dir).withTables("{\"tables\": [" + String.join(", ", definitions) + "]}");
        for (String table : tables) {
            p.file("s/" + table + "/LOAD00000001.csv", "1,load", "2,load");
        }
        return p;
    }

    /**
     * The phases follow one another, so they add up to no more than the table's time, and to most of it (what is
     * left is the report's making and progress lines; not asserted tightly, the machine may be busy).
     */
    private static void assertCoversTheTable(TableReport report, List<String> phases) {
        assertEquals(phases, List.copyOf(report.syncPhaseMs().keySet()), report.table() + "'s phases, in order");
        long sum = report.syncPhaseMs().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(sum <= report.durationMs(), "phases " + report.syncPhaseMs() + " within " + report.durationMs()
                + " ms");
        assertTrue(sum >= report.durationMs() * 3 / 4, "phases " + report.syncPhaseMs() + " cover most of "
                + report.durationMs() + " ms");
    }

    @Test
    void phasesCoverAFullLoadABatchAndARunWithNothingPendingWithTheCatalogRegistration() {
        Pipeline p = pipeline("t");
        String[] registered = {"--catalog-database", "where_time_goes"};

        TableReport loaded = p.run(registered).table("s.t");
        assertEquals(TableStatus.APPLIED, loaded.status(), loaded.message());
        assertCoversTheTable(loaded, List.of("state", "listing", "load-read", "load-write", "catalog"));

        p.file("s/t/20240612-100000000.csv", "U,1,cdc", "I,3,new");
        TableReport applied = p.run(registered).table("s.t");
        assertEquals(TableStatus.APPLIED, applied.status(), applied.message());
        assertCoversTheTable(applied, List.of("state", "listing", "read", "apply", "commit", "catalog"));
        assertEquals(List.of("read", "align", "candidates", "matches", "vectors", "writes", "commit"),
                List.copyOf(applied.phaseMs().keySet()), "the batch's detail, as before");
        assertEquals(applied.phaseMs().get("read"), applied.syncPhaseMs().get("read"));
        assertEquals(applied.phaseMs().get("commit"), applied.syncPhaseMs().get("commit"));
        long between = List.of("align", "candidates", "matches", "vectors", "writes").stream()
                .mapToLong(phase -> applied.phaseMs().get(phase)).sum();
        assertTrue(applied.syncPhaseMs().get("apply") >= between, "apply holds the phases between reading and"
                + " committing: " + applied.phaseMs() + ", " + applied.syncPhaseMs());

        TableReport idle = p.run().table("s.t");
        assertEquals(TableStatus.UP_TO_DATE, idle.status(), idle.message());
        assertCoversTheTable(idle, List.of("state", "listing", "align"));
    }

    @Test
    void sparkJobsAreCountedPerTableExactlyWithTablesInParallel() {
        Pipeline p = pipeline("t0", "t1");
        p.file("s/t0/20240612-100000000.csv", "U,1,cdc", "I,3,new");
        p.file("s/t1/20240612-100000000.csv", "D,2,");
        JobStarts starts = new JobStarts(TestSpark.get().sparkContext());
        Pipeline.Result result;
        try {
            result = p.run("--parallelism", "2");
        } finally {
            starts.stop();
        }
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        RunReport report = result.report();

        Map<String, Integer> byTable = starts.byTable();
        assertEquals(List.of("s.t0", "s.t1"), List.copyOf(byTable.keySet()), "every job of the run is of a table");
        assertTrue(starts.interleaved("s.t0", "s.t1"), "the tables' jobs ran at the same time: " + starts.order);
        assertEquals(byTable.get("s.t0"), report.table("s.t0").sparkJobs());
        assertEquals(byTable.get("s.t1"), report.table("s.t1").sparkJobs());
        assertEquals(byTable.get("s.t0") + byTable.get("s.t1"), report.sparkJobs(), "the run's total");
    }

    /** Every job started while it listens, by the table its work property names: Spark's own account of the run. */
    private static final class JobStarts extends SparkListener {

        private final SparkContext context;
        private final List<String> order = Collections.synchronizedList(new ArrayList<>());

        JobStarts(SparkContext context) {
            this.context = context;
            context.addSparkListener(this);
        }

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            String work = jobStart.properties() == null ? null : jobStart.properties().getProperty(SparkJobs.PROPERTY);
            order.add(work == null ? "(no table)" : work.substring(0, work.lastIndexOf('#')));
        }

        /** Stops listening once every event posted so far was delivered. */
        void stop() {
            try {
                context.listenerBus().waitUntilEmpty(30_000);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            } finally {
                context.removeSparkListener(this);
            }
        }

        Map<String, Integer> byTable() {
            Map<String, Integer> counts = new TreeMap<>();
            order.forEach(table -> counts.merge(table, 1, Integer::sum));
            return counts;
        }

        /** Whether a job of one table started between two of the other's. */
        boolean interleaved(String one, String other) {
            return order.indexOf(other) < order.lastIndexOf(one) && order.indexOf(one) < order.lastIndexOf(other);
        }
    }
}
