package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.faults.CrashPoints;

import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --on-bad-rows quarantine}: bad rows are recorded with file, line, problems and text, the good rows
 * are applied, the exit code says so, and a rerun records nothing twice.
 */
class QuarantineTest {

    static final String CDC = "sales/order_lines/20240612-110000000.csv";

    @TempDir
    Path dir;

    /** The quarantine table's rows as {@code file-name|line|first problem's column|first problem|raw text}. */
    private static List<String> quarantined(Path table) {
        return Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(table.toString())
                .selectExpr("regexp_extract(file, '[^/]+$', 0)", "line", "errors[0].column", "errors[0].problem",
                        "raw_text"));
    }

    @Test
    void badRowsAreQuarantinedWithTheirPlaceAndTextAndTheGoodRowsApply() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv");
        assertEquals(0, p.run().exitCode());
        p.file(CDC,
                "U,1,1,Widget,7,9.99,2024-06-12 11:00:00",
                "X,2,1,Sprocket,1,0.75,2024-06-12 11:00:01",
                "U,3,1,Gizmo,many,99.00,2024-06-12 11:00:02",
                "I,8,1,Short",
                "D,4,1,,,,",
                "I,9,,NoKey,1,1.00,2024-06-12 11:00:03");

        Pipeline.Result result = p.run("--on-bad-rows", "quarantine");
        assertEquals(ExitCodes.ROWS_QUARANTINED, result.exitCode(), result.all());
        Path quarantine = p.target.resolve("_quarantine/sales/order_lines");
        TableReport lines = result.table("sales.order_lines");
        assertEquals(TableStatus.APPLIED, lines.status());
        assertEquals(4, lines.changeRowsQuarantined());
        assertEquals("file:" + quarantine, lines.quarantineTable());
        assertTrue(result.report().succeeded());

        assertEquals(List.of(
                "1|1|Widget|7|9.99|2024-06-12 11:00:00.0",
                "1|2|Gadget|1|24.50|2024-06-12 09:00:00.0",
                "2|1|Sprocket|10|0.75|2024-06-12 09:05:00.0",
                "3|1|Gizmo|1|99.00|2024-06-12 09:10:00.0",
                "3|2|Doohickey|3|4.25|2024-06-12 09:10:00.0"), p.rows("sales", "order_lines"));
        List<String> expected = List.of(
                "20240612-110000000.csv|2|operation|unknown operation code; expected one of I, U, D|"
                        + "{\"operation\":\"X\",\"order_id\":\"2\",\"line_no\":\"1\",\"product\":\"Sprocket\","
                        + "\"quantity\":\"1\",\"unit_price\":\"0.75\",\"updated_at\":\"2024-06-12 11:00:01\"}",
                "20240612-110000000.csv|3|quantity|is not a valid int|"
                        + "{\"operation\":\"U\",\"order_id\":\"3\",\"line_no\":\"1\",\"product\":\"Gizmo\","
                        + "\"quantity\":\"many\",\"unit_price\":\"99.00\",\"updated_at\":\"2024-06-12 11:00:02\"}",
                "20240612-110000000.csv|4|*|the row does not have the fields its file's layout expects, "
                        + "7 (I/U/D, order_id, line_no, product, quantity, unit_price, updated_at); a field count differs"
                        + " or a quote is not closed|I,8,1,Short",
                "20240612-110000000.csv|6|line_no|the primary key value is missing|"
                        + "{\"operation\":\"I\",\"order_id\":\"9\",\"line_no\":null,\"product\":\"NoKey\",\"quantity\":\"1\","
                        + "\"unit_price\":\"1.00\",\"updated_at\":\"2024-06-12 11:00:03\"}");
        assertEquals(expected, quarantined(quarantine));

        Pipeline.Result rerun = p.run("--on-bad-rows", "quarantine");
        assertEquals(0, rerun.exitCode(), rerun.all());
        assertEquals(expected, quarantined(quarantine), "nothing quarantined twice");
    }

    @Test
    void aRunKilledAfterQuarantiningButBeforeItsMergeIsCompletedWithoutRecordingRowsTwice() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv");
        assertEquals(0, p.run().exitCode());
        p.file(CDC, "U,1,1,Widget,7,9.99,2024-06-12 11:00:00", "U,3,1,Gizmo,many,99.00,2024-06-12 11:00:02");
        Path quarantine = p.target.resolve("_quarantine/sales/order_lines");

        ChildJvm crashing = ChildJvm.startRun(p, dir.resolve("crash.log"), List.of("--on-bad-rows", "quarantine"),
                CrashPoints.PROPERTY + "=before-merge");
        assertEquals(137, crashing.exitCode(), crashing::log);
        assertEquals(1, quarantined(quarantine).size(), "recorded before the batch is committed");
        assertEquals("1|1|Widget|2|9.99|2024-06-12 09:00:00.0", p.rows("sales", "order_lines").get(0));

        Pipeline.Result rerun = p.run("--on-bad-rows", "quarantine");
        assertEquals(4, rerun.exitCode(), rerun.all());
        assertEquals(1, quarantined(quarantine).size(), "the retried batch records its bad row once");
        assertEquals("1|1|Widget|7|9.99|2024-06-12 11:00:00.0", p.rows("sales", "order_lines").get(0));
    }

    @Test
    void aBadRowInTheFullLoadIsQuarantinedToo() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv");
        Files.writeString(p.source.resolve("sales/order_lines/LOAD00000002.csv"), "5,1,Bolt,lots,0.10,2024-06-12 09:20:00\n");
        Path elsewhere = dir.resolve("bad-rows");

        Pipeline.Result result = p.run("--on-bad-rows=QUARANTINE", "--quarantine", elsewhere.toString());
        assertEquals(4, result.exitCode(), result.all());
        assertEquals(6, p.rows("sales", "order_lines").size());
        assertEquals(List.of("LOAD00000002.csv|1|quantity|is not a valid int|{\"operation\":\"I\",\"order_id\":\"5\","
                        + "\"line_no\":\"1\",\"product\":\"Bolt\",\"quantity\":\"lots\",\"unit_price\":\"0.10\","
                        + "\"updated_at\":\"2024-06-12 09:20:00\"}"),
                quarantined(elsewhere.resolve("sales/order_lines")));
    }

    @Test
    void theDefaultStillFailsAndAQuarantineFolderAloneIsAUsageError() {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv");
        p.file(CDC, "X,2,1,Sprocket,1,0.75,2024-06-12 11:00:01");
        assertEquals(1, p.run().exitCode());
        assertEquals(2, p.run("--quarantine", dir.resolve("q").toString()).exitCode());
        assertEquals(2, p.run("--on-bad-rows", "skip").exitCode());
        assertTrue(Files.notExists(p.target.resolve("_quarantine")));
    }

    @Test
    void aBadRowIsRecordedOncePerVersionOfItsFile() {
        io.dmsdelta.config.TableDefinition table = io.dmsdelta.config.TableDefinitions.parse(
                "{\"tables\": [{\"schema\": \"s\", \"table\": \"t\", \"primaryKey\": [\"id\"],"
                        + " \"columns\": [{\"name\": \"id\", \"type\": \"int\"}]}]}", "test").all().get(0);
        io.dmsdelta.quarantine.Quarantine quarantine = new io.dmsdelta.quarantine.Quarantine(dir.resolve("q").toString());
        org.apache.spark.sql.SparkSession spark = TestSpark.get();
        String file = "file:/dms/s/t/20240612-110000000.csv";
        for (String modified : List.of("2024-06-12 11:00:05", "2024-06-12 11:00:05", "2024-06-12 12:30:00")) {
            quarantine.record(spark, table, spark.sql("SELECT '" + file + "' AS file, TIMESTAMP '" + modified
                    + "' AS file_modified, 2L AS line, array(named_struct('column', 'id', 'value', 'x', 'problem', 'bad'))"
                    + " AS errors, 'U,x' AS raw_text"), "run-" + modified);
        }
        assertEquals(List.of("2024-06-12 11:00:05.0|2", "2024-06-12 12:30:00.0|2"), Pipeline.Tables.rows(spark.read()
                .format("delta").load(quarantine.tablePath(table)).selectExpr("file_modified", "line")));
    }
}
