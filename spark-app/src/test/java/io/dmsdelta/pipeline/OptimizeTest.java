package io.dmsdelta.pipeline;

import io.delta.tables.DeltaTable;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dms-delta optimize}: the rows and what has been applied stay as they were, and each file holds one key range. */
class OptimizeTest {

    @TempDir
    Path dir;

    @Test
    void optimizingBetweenRunsChangesNoRowAndTheNextRunGoesOnFromTheSameFile() {
        Pipeline p = new Pipeline(dir);
        p.copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103125108.csv");
        assertEquals(0, p.run().exitCode());
        List<String> before = p.rows("sales", "order_lines");

        Pipeline.Result optimized = optimize(p);
        assertEquals(0, optimized.exitCode(), optimized.all()); // Persons, not loaded yet, is passed over
        assertFalse(DeltaTable.isDeltaTable(TestSpark.get(), p.tablePath("ahmad_schema", "Persons")));
        assertEquals(before, p.rows("sales", "order_lines"));

        p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        assertEquals(0, p.run().exitCode());
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        assertEquals(List.of("CREATE TABLE AS SELECT full-load LOAD00000001.csv..LOAD00000001.csv",
                "MERGE cdc 20240612-103125108.csv..20240612-103125108.csv",
                "OPTIMIZE dms-delta optimize: rewritten in key ranges, no data changed",
                "MERGE cdc 20240612-103225311.csv..20240612-103326007.csv"), history(p.tablePath("sales", "order_lines")));
    }

    @Test
    void filesEndUpHoldingDisjointKeyRanges() {
        Pipeline p = new Pipeline(dir);
        p.copySample("ahmad_schema/Persons");
        assertEquals(0, p.run().exitCode());
        String table = p.tablePath("ahmad_schema", "Persons");
        SparkSession spark = TestSpark.get();
        spark.conf().set(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE, "6");
        try {
            assertEquals(0, optimize(p).exitCode());
        } finally {
            spark.conf().unset(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE);
        }
        List<Row> ranges = spark.read().format("delta").load(table).groupBy(input_file_name())
                .agg(min("PersonId").as("low"), max("PersonId").as("high")).orderBy(col("low")).collectAsList();
        assertTrue(ranges.size() > 1, "expected several files, got " + ranges);
        for (int i = 1; i < ranges.size(); i++) {
            assertTrue(ranges.get(i - 1).getInt(2) < ranges.get(i).getInt(1), "key ranges overlap: " + ranges);
        }
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));
    }

    @Test
    void aVacuumDeltaRefusesIsReportedAndFailsTheCommand() {
        Pipeline p = new Pipeline(dir);
        p.copySample("sales/order_lines", "LOAD00000001.csv");
        assertEquals(0, p.run().exitCode());
        Pipeline.Result result = optimize(p, "--table", "sales.order_lines", "--vacuum-retain-hours", "1");
        assertEquals(1, result.exitCode(), result.all());
        // optimize writes no report: its line per table is its outcome. Only the --table, failed with Delta's reason.
        assertEquals(1, result.out().lines().count(), result.out());
        assertTrue(result.out().matches("sales\\.order_lines +FAILED .*retention.*\\s*"), result.out());
    }

    private static Pipeline.Result optimize(Pipeline p, String... extra) {
        List<String> args = new ArrayList<>(List.of("optimize", "--target", p.target.toString(),
                "--tables", Pipeline.SAMPLE_TABLES.toString()));
        args.addAll(List.of(extra));
        return Pipeline.cli(args.toArray(String[]::new));
    }

    /** Each commit's operation, and for dms-delta's commits what they applied. */
    private static List<String> history(String table) {
        List<String> commits = new ArrayList<>();
        for (Row row : DeltaTable.forPath(TestSpark.get(), table).history().orderBy("version")
                .select("operation", "userMetadata").collectAsList()) {
            commits.add(row.getString(0) + " " + CommitMetadata.fromJson(row.getString(1))
                    .map(m -> m.kind().label() + " " + m.firstFile() + ".." + m.lastFile()).orElse(row.getString(1)));
        }
        return commits;
    }
}
