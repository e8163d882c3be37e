package io.dmsdelta.pipeline;

import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quick start's data, end to end through the CLI: exact final tables, and reruns that change nothing. */
public class SampleDataEndToEndTest {

    public static final List<String> PERSONS = sorted(
            "1|Mary Major|Seattle", "11|Ana Carolina Silva|Atlanta", "12|Arnav Desai|Dallas",
            "13|Shirley Rodriguez|San Diego", "130|Alica Bing|New York", "131|Malinda Bing|Detroit",
            "132|Chandler Bing|Portland", "14|Saanvi Sarkar|Columbus", "15|Mateo Jackson|Nashville",
            "16|Martha Rivera|Tampa", "17|Diego Ramirez|Detroit", "18|Zhang Wei|Seattle", "19|Efua Owusu|Baltimore",
            "2|John Doe|Boston", "20|Jorge Souza|Omaha", "3|Jane Roe|Chicago", "4|Richard Miles|Austin",
            "5|Paulo Santos|Miami", "6|Nikhil Jayashankar|San Jose", "7|ABC XYZ|Phoenix", "8|ABC XYZ|Denver",
            "9|Wang Xiulan|Portland");

    public static final List<String> ORDER_LINES = sorted(
            "1001|1|Widget|8|9.49|2024-06-12 10:33:01.0",
            "1002|1|Sprocket|9|0.80|2024-06-12 10:33:02.0",
            "1003|1|Gift card\nwith a two-line note|1|25.00|2024-06-12 10:32:05.0",
            "1|1|Widget|4|9.99|2024-06-12 10:30:50.0",
            "1|2|Gadget|1|24.50|2024-06-12 09:00:00.0",
            "2|1|Sprocket|12|0.70|2024-06-12 10:32:04.0",
            "3|1|Gizmo Pro|1|129.00|2024-06-12 10:33:03.0",
            "4|1|Widget|5|9.99|2024-06-12 09:15:00.0",
            "5000|1|Thingamajig|2|3.30|2024-06-12 10:33:04.0",
            "5|1|Gadget, \"deluxe\"|1|5.00|2024-06-12 10:31:00.0");

    @TempDir
    Path dir;

    static List<String> sorted(String... rows) {
        return java.util.Arrays.stream(rows).sorted().toList();
    }

    @Test
    void appliesTheSampleDataExactlyAndASecondRunChangesNothing() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons").copySample("sales/order_lines");

        Pipeline.Result first = p.run("--report", dir.resolve("report.json").toString());
        assertEquals(0, first.exitCode(), first.all());
        assertEquals(PERSONS, p.rows("ahmad_schema", "Persons"));
        assertEquals(ORDER_LINES, p.rows("sales", "order_lines"));
        // Full load (version 0) and one MERGE for all three order_lines files (version 1): no per-file commits.
        assertEquals(1, p.version("ahmad_schema", "Persons"));
        assertEquals(1, p.version("sales", "order_lines"));
        assertEquals(Map.of("ahmad_schema.Persons", TableStatus.APPLIED, "sales.order_lines", TableStatus.APPLIED),
                first.statuses());
        assertEquals(List.of(1L, 6L, 3L, 18L, 5L, 3L, 1L), counts(first.table("sales.order_lines")));
        assertEquals(List.of(1L, 20L, 1L, 6L, 3L, 2L, 1L), counts(first.table("ahmad_schema.Persons")));

        Pipeline.Result second = p.run();
        assertEquals(0, second.exitCode(), second.all());
        assertEquals(Map.of("ahmad_schema.Persons", TableStatus.UP_TO_DATE,
                "sales.order_lines", TableStatus.UP_TO_DATE),
                second.statuses());
        assertEquals(1, p.version("ahmad_schema", "Persons"));
        assertEquals(1, p.version("sales", "order_lines"));
        assertEquals(ORDER_LINES, p.rows("sales", "order_lines"));
    }

    /** LOAD files and rows, CDC files and change rows, rows inserted, updated and deleted: the summary's columns. */
    private static List<Long> counts(TableReport t) {
        return List.of((long) t.loadFiles(), t.loadRows(), (long) t.cdcFilesApplied(), t.changeRowsRead(),
                t.rowsInserted(), t.rowsUpdated(), t.rowsDeleted());
    }

    @Test
    void theJsonReportCarriesDeltasMetrics() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines");
        Path report = dir.resolve("report.json");
        assertEquals(0, p.run("--report", report.toString()).exitCode());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        var persons = json.get("tables").get(0);
        assertEquals("ahmad_schema.Persons", persons.get("table").asText());
        assertEquals("SKIPPED", persons.get("status").asText()); // no folder: DMS writes none for an empty table
        var lines = json.get("tables").get(1);
        assertEquals("APPLIED", lines.get("status").asText());
        assertEquals(3, lines.get("cdcFilesApplied").asInt());
        assertEquals(18, lines.get("changeRowsRead").asInt());
        assertEquals(5, lines.get("rowsInserted").asInt());
        assertEquals(3, lines.get("rowsUpdated").asInt());
        assertEquals(1, lines.get("rowsDeleted").asInt());
        assertTrue(json.get("succeeded").asBoolean());
    }

    @Test
    void aSingleFileSourceAppliesAllPendingFilesOfItsTableInOrder() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons").copySample("sales/order_lines");
        // The trigger names the middle file: the run must still apply all three, in order, and only this table.
        Pipeline.Result result = p.runSource(p.source.resolve("sales/order_lines/20240612-103225311.csv"));
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(ORDER_LINES, p.rows("sales", "order_lines"));
        assertEquals(Map.of("sales.order_lines", TableStatus.APPLIED), result.statuses(), "only the file's table");
    }

    @Test
    void statusShowsWhatIsAppliedAndWhatIsPending() {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103125108.csv");
        assertEquals(0, p.run().exitCode());
        p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        Pipeline.Result status = Pipeline.cli("status", "--source", p.source.toString(), "--target", p.target.toString(),
                "--tables", Pipeline.SAMPLE_TABLES.toString());
        assertEquals(0, status.exitCode(), status.all());
        // status prints for people and writes no report: its text is what it does.
        assertTrue(status.out().contains("last applied: 20240612-103125108.csv"), status.out());
        assertTrue(status.out().contains("pending:      2 CDC files, 20240612-103225311.csv to 20240612-103326007.csv"), status.out());
    }

    @Test
    void showPrintsTheTable() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        assertEquals(0, p.run().exitCode());
        Pipeline.Result shown = Pipeline.cli("show", "--target", p.target.toString(), "--table", "ahmad_schema.Persons", "--limit=50");
        assertEquals(0, shown.exitCode(), shown.all());
        // show prints for people and writes no report: its text is what it does.
        assertTrue(shown.out().contains("ahmad_schema.Persons (22 rows, Delta version 1)"), shown.out());
        assertTrue(shown.out().contains("|130     |Alica Bing        |New York |"), shown.out());
    }
}
