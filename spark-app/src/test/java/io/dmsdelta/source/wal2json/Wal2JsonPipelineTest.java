package io.dmsdelta.source.wal2json;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What a wal2json stream's bad input does: the batch fails naming file, line, column and value, and nothing is
 * written. The producer's own output is tested in {@code Wal2JsonPostgresTest}.
 */
class Wal2JsonPipelineTest {

    static final String TABLES = """
            {"tables": [{"schema": "public", "table": "u", "primaryKey": ["id"],
              "source": {"format": "wal2json", "folder": "wal/shop"},
              "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "decimal(12,2)"},
                          {"name": "s", "type": "string"}]}]}
            """;

    @TempDir
    Path dir;

    static String insert(String lsn, String id, String v, String vType) {
        return "{\"action\":\"I\",\"lsn\":\"" + lsn + "\",\"schema\":\"public\",\"table\":\"u\",\"columns\":["
                + "{\"name\":\"id\",\"type\":\"integer\",\"value\":" + id + "},{\"name\":\"v\",\"type\":\"" + vType
                + "\",\"value\":" + v + "},{\"name\":\"s\",\"type\":\"text\",\"value\":\"x\"}]}";
    }

    private Pipeline.Result runWith(String... lines) {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        p.file("wal/shop/chunk-000001.json", lines);
        return p.run();
    }

    private void assertNothingWritten() {
        assertFalse(Files.exists(Path.of(new Pipeline(dir).tablePath("public", "u"), "_delta_log")));
    }

    @Test
    void aValueThatDoesNotFitItsTypeFailsTheBatchNamingFileLineColumnAndValueAndWritesNothing() {
        Pipeline.Result result = runWith("{\"action\":\"B\"}", insert("0/10", "1", "12.34", "numeric(12,2)"),
                insert("0/20", "2", "12.345", "numeric(12,3)"), "{\"action\":\"C\"}");
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        TableReport report = result.assertTable("public.u", TableStatus.FAILED, Reason.BAD_INPUT, "chunk-000001.json",
                "line 3", "v", "12.345");
        assertEquals(0, report.commits());
        assertNothingWritten();
    }

    @Test
    void aColumnDeclaredAsATypeThatCannotHoldTheSourcesFailsNamingBoth() {
        Pipeline.Result result = runWith(insert("0/10", "1", "\"12\"", "text"));
        result.assertTable("public.u", TableStatus.FAILED, Reason.BAD_INPUT, "line 1", "v", "text",
                "decimal(12,2)");
        assertNothingWritten();
    }

    @Test
    void aStreamWithoutLogPositionsFailsSayingWhichOptionOrdersTheChanges() {
        Pipeline.Result result = runWith("{\"change\":[{\"kind\":\"insert\",\"schema\":\"public\",\"table\":\"u\","
                + "\"columnnames\":[\"id\",\"v\",\"s\"],\"columnvalues\":[1,1.5,\"x\"]}]}");
        result.assertTable("public.u", TableStatus.FAILED, Reason.BAD_INPUT, "line 1", "include-lsn=1", "arrival");
        assertNothingWritten();
    }
}
