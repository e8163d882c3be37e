package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files written with non-default endpoint settings read back exactly. */
class EndpointSettingsHonouredTest {

    static final String TABLE = """
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"},
                          {"name": "note", "type": "string"}]}]}""";
    static final String SETTINGS = """
            {"CsvDelimiter": "|", "CsvNullValue": "NULL", "AddColumnName": true, "IncludeOpForFullLoad": true,
             "TimestampColumnName": "dms_ts", "CompressionType": "GZIP"}""";

    @TempDir
    Path dir;

    @Test
    void headersTimestampColumnGzipDelimiterAndNullMarker() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings(SETTINGS);
        gzip(p.source.resolve("s/t/LOAD00000001.csv.gz"),
                "Op|dms_ts|id|name|note",
                "I|2024-06-12 10:00:00.000000|1|one|NULL",
                "I|2024-06-12 10:00:00.000000|2|two|x",
                "I|2024-06-12 10:00:00.000000|3|\"three|with pipe\"|\"\"");
        gzip(p.source.resolve("s/t/20240612-100100000.csv.gz"),
                "OP|dms_ts|id|name|note",
                "U|2024-06-12 10:00:30.123456|1|uno|NULL",
                "D|2024-06-12 10:00:31.000000|2|two|x",
                "I|2024-06-12 10:00:32.000000|4|four|NULL");
        // A header that leaves the operation column unnamed and lists the columns in another order.
        gzip(p.source.resolve("s/t/20240612-100200000.csv.gz"),
                "dms_ts|NAME|id|note",
                "U|2024-06-12 10:01:00.000000|ONE|1|\"said \"\"hi\"\"\"");

        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of(
                "2024-06-12 10:00:00.0|3|three|with pipe|",
                "2024-06-12 10:00:32.0|4|four|null",
                "2024-06-12 10:01:00.0|1|ONE|said \"hi\""), p.rows("s", "t"));
    }

    @Test
    void rowDelimitersOtherThanNewline() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings("{\"CsvRowDelimiter\": \"~\"}");
        Files.createDirectories(p.source.resolve("s/t"));
        Files.writeString(p.source.resolve("s/t/LOAD00000001.csv"), "1,one,\"a~b\"~2,two,x~");
        Files.writeString(p.source.resolve("s/t/20240612-100100000.csv"), "U,2,deux,\"line\nbreak\"~D,1,,~");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("2|deux|line\nbreak"), p.rows("s", "t"));

        Pipeline crlf = new Pipeline(dir.resolve("crlf")).withTables(TABLE).withSettings("{\"CsvRowDelimiter\": \"\\r\\n\"}");
        Files.createDirectories(crlf.source.resolve("s/t"));
        Files.writeString(crlf.source.resolve("s/t/LOAD00000001.csv"), "1,one,x\r\n2,two,\"y\r\nz\"\r\n");
        Pipeline.Result crlfResult = crlf.run();
        assertEquals(0, crlfResult.exitCode(), crlfResult.all());
        // Spark's CSV reader turns a CR LF inside a quoted value into LF (docs/semantics.md#values).
        assertEquals(List.of("1|one|x", "2|two|y\nz"), crlf.rows("s", "t"));
    }

    @Test
    void cdcInsertsOnlyAndInsertsAndUpdatesFiles() {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings("{\"CdcInsertsOnly\": true}");
        p.file("s/t/LOAD00000001.csv", "1,one,x");
        p.file("s/t/20240612-100100000.csv", "2,two,y", "1,uno,z");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("1|uno|z", "2|two|y"), p.rows("s", "t"));

        // With IncludeOpForFullLoad, DMS writes I and U in the operation column; LOAD files have it too.
        Pipeline updates = new Pipeline(dir.resolve("updates")).withTables(TABLE)
                .withSettings("{\"CdcInsertsAndUpdates\": true, \"IncludeOpForFullLoad\": true}");
        updates.file("s/t/LOAD00000001.csv", "I,1,one,x");
        updates.file("s/t/20240612-100100000.csv", "I,2,two,y", "U,1,uno,z");
        Pipeline.Result withOp = updates.run();
        assertEquals(0, withOp.exitCode(), withOp.all());
        assertEquals(List.of("1|uno|z", "2|two|y"), updates.rows("s", "t"));
    }

    @Test
    void theTimestampColumnCanOrderChangesWithFileAndRowOrderBreakingTies() {
        Pipeline p = new Pipeline(dir).withTables(TABLE.replace("\"primaryKey\"", "\"sequenceColumn\": \"dms_ts\", \"primaryKey\""))
                .withSettings("{\"TimestampColumnName\": \"dms_ts\"}");
        p.file("s/t/LOAD00000001.csv", "2024-06-12 10:00:00.000000,1,one,x");
        p.file("s/t/20240612-100100000.csv",
                "U,2024-06-12 10:00:30.000002,1,later,a",
                "U,2024-06-12 10:00:30.000001,1,earlier,b",
                "I,2024-06-12 10:00:31.000000,2,tie-1,c",
                "U,2024-06-12 10:00:31.000000,2,tie-2,d");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("2024-06-12 10:00:30.000002|1|later|a", "2024-06-12 10:00:31.0|2|tie-2|d"), p.rows("s", "t"));
    }

    @Test
    void aHeaderNamingAnUndefinedColumnIsAnError() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings(SETTINGS);
        gzip(p.source.resolve("s/t/LOAD00000001.csv.gz"), "Op|dms_ts|id|name|colour", "I|2024-06-12 10:00:00|1|one|red");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.t", TableStatus.FAILED, Reason.BAD_INPUT, "LOAD00000001.csv.gz line 1, column colour: the"
                + " header names a column that table s.t does not define");
    }

    @Test
    void aTruncatedGzipFileIsAnErrorNamingIt() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings(SETTINGS);
        gzip(p.source.resolve("s/t/LOAD00000001.csv.gz"), "Op|dms_ts|id|name|note", "I|2024-06-12 10:00:00|1|one|x");
        Path cdc = p.source.resolve("s/t/20240612-100100000.csv.gz");
        gzip(cdc, "Op|dms_ts|id|name|note", "U|2024-06-12 10:00:30|1|uno|y");
        byte[] bytes = Files.readAllBytes(cdc);
        Files.write(cdc, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.t", TableStatus.FAILED, Reason.BAD_INPUT,
                "20240612-100100000.csv.gz: cannot be read (is it a complete gzip file?)");
    }

    @Test
    void aFileSparkCannotReadFailsItsTableOnlyAndTheRunGoesOn() throws IOException {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        p.withTables(TABLE.replace("]}", "]}, " + PERSONS_DEFINITION) + "").withSettings("{\"CompressionType\": \"GZIP\"}");
        p.file("s/t/LOAD00000001.csv", "1,one,x");
        String[] rows = new String[50_000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "I," + i + ",name " + i + ",note " + i;
        }
        Path cdc = p.source.resolve("s/t/20240612-100100000.csv.gz");
        gzip(cdc, rows);
        byte[] bytes = Files.readAllBytes(cdc);
        Files.write(cdc, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3)); // the first records still read
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        TableReport failed = result.assertTable("s.t", TableStatus.FAILED, Reason.UNEXPECTED_FAILURE);
        assertEquals(1, failed.loadFiles(), "the full load before the batch stays committed");
        assertEquals(0, failed.cdcFilesApplied());
        assertEquals(1, failed.cdcFilesLeft());
        assertTrue(failed.message().startsWith("failed, nothing more was committed: EOFException"), failed.message());
        assertEquals(TableStatus.APPLIED, result.table("ahmad_schema.Persons").status());
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));
    }

    @Test
    void aTimestampColumnNamedLikeADefinedColumnIsAConfigurationError() {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings("{\"TimestampColumnName\": \"Note\"}");
        p.file("s/t/LOAD00000001.csv", "2024-06-12 10:00:00,1,one,x");
        assertTrue(p.run().usageError().contains("TimestampColumnName Note names a column of table s.t"));
    }

    static final String PERSONS_DEFINITION = """
            {"schema": "ahmad_schema", "table": "Persons", "primaryKey": ["PersonId"],
             "columns": [{"name": "PersonId", "type": "int"}, {"name": "FullName", "type": "string"},
                         {"name": "City", "type": "string"}]}""";

    private static void gzip(Path path, String... lines) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
