package io.dmsdelta.source.trigger;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row trigger objects beyond the project's trigger (tested on a real PostgreSQL in {@code TriggerPostgresTest}): the
 * bare rows a {@code json_build_object(NEW...)} trigger sends, and a row image without its sequence.
 */
class RowImagesPipelineTest {

    static final String TABLES = """
            {"tables": [{"schema": "public", "table": "users", "primaryKey": ["id"],
              "source": {"format": "pg-trigger", "folder": "users-rows", "shape": "SHAPE"},
              "columns": [{"name": "id", "type": "bigint"}, {"name": "name", "type": "string"},
                          {"name": "joined", "type": "timestamp"}]}]}
            """;

    @TempDir
    Path dir;

    private long arrival = System.currentTimeMillis() - 60_000;

    private void object(Pipeline p, String name, String... lines) throws IOException {
        Path file = p.file("users-rows/2026/12/07/14/" + name, lines);
        Files.setLastModifiedTime(file, FileTime.fromMillis(arrival += 1_000));
    }

    @Test
    void bareRowsAreUpsertsInOrderOfArrivalAndEverySyncSaysDeletesCannotBeSeen() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLES.replace("SHAPE", "row"));
        object(p, "a.json", "{\"id\":1,\"name\":\"Ann\",\"joined\":\"2024-06-12T10:31:25.108\"}",
                "{\"id\":2,\"name\":\"Bob\",\"joined\":null}");
        object(p, "b.json", "{\"id\":1,\"name\":\"Ann B.\",\"joined\":\"2024-06-12T10:31:25.108\"}");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableReport report = result.table("public.users");
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("deleted in the source")), report.warnings()
                .toString());
        List<Row> rows = TestSpark.get().read().format("delta").load(p.tablePath("public", "users"))
                .orderBy("id").collectAsList();
        assertEquals(List.of("1|Ann B.|2024-06-12 10:31:25.108", "2|Bob|null"), rows.stream()
                .map(r -> r.get(0) + "|" + r.get(1) + "|" + (r.isNullAt(2) ? "null" : r.getTimestamp(2)
                        .toInstant().toString().replace("T", " ").replace("Z", ""))).toList());
    }

    @Test
    void aRowImageWithoutItsSequenceFailsNamingTheFieldAndWritesNothing() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLES.replace("SHAPE", "row-image"));
        object(p, "a.json", "{\"op\":\"INSERT\",\"schema\":\"public\",\"table\":\"users\",\"seq\":1,\"new\":{\"id\":1,"
                + "\"name\":\"Ann\",\"joined\":null}}", "{\"op\":\"INSERT\",\"schema\":\"public\",\"table\":\"users\","
                + "\"new\":{\"id\":2,\"name\":\"Bob\",\"joined\":null}}");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("public.users", TableStatus.FAILED, Reason.BAD_INPUT, "a.json", "line 2", "seq");
        assertTrue(!Files.exists(Path.of(p.tablePath("public", "users"), "_delta_log")));
    }
}
