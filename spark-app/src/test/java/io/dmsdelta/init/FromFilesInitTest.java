package io.dmsdelta.init;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code init --from-files}: definitions from what DMS wrote, where no database connection exists. */
class FromFilesInitTest {

    @TempDir
    Path dir;

    @Test
    void parquetFilesGiveNamesAndTypesAndTheKeyComesFromTheCommandLine() throws IOException {
        String settings = "{\"DataFormat\": \"parquet\", \"TimestampColumnName\": \"dms_ts\"}";
        Pipeline p = new Pipeline(dir).withSettings(settings);
        StructType load = new StructType().add("dms_ts", DataTypes.StringType).add("id", DataTypes.IntegerType)
                .add("name", DataTypes.StringType).add("amount", DataTypes.createDecimalType(10, 2))
                .add("at", DataTypes.TimestampType).add("score", DataTypes.FloatType).add("day", DataTypes.DateType)
                .add("big", DataTypes.LongType).add("bytes", DataTypes.BinaryType).add("ok", DataTypes.BooleanType);
        StructType cdc = new StructType().add("Op", DataTypes.StringType);
        for (var field : load.fields()) {
            cdc = cdc.add(field);
        }
        parquet(load, p.source.resolve("s/p/LOAD00000001.parquet"),
                RowFactory.create("2024-06-12 10:00:00.000000", 1, "Ann", new BigDecimal("12.50"),
                        Timestamp.valueOf("2024-06-12 10:30:25.104667"), 32.38f, java.sql.Date.valueOf("1996-07-04"),
                        9000000000L, new byte[] {1, 2}, true));
        parquet(cdc, p.source.resolve("s/p/20240612-101000000.parquet"),
                RowFactory.create("I", "2024-06-12 10:05:01.000000", 2, "Bob", null, null, null, null, null, null, false));
        // a table with CDC files only, and no key given for it
        parquet(new StructType().add("Op", DataTypes.StringType).add("k", DataTypes.StringType),
                p.source.resolve("s/q/20240612-101000000.parquet"), RowFactory.create("I", "x"));

        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init("--from-files", p.source.toString(), "--endpoint-settings", settings,
                "--primary-key", "s.p=id", "--output", out.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableDefinitions written = definitions(out);
        assertEquals(1, written.all().size());
        TableDefinition table = written.find("s.p").orElseThrow();
        assertEquals(List.of("id int", "name string", "amount decimal(10,2)", "at timestamp", "score float", "day date",
                "big bigint", "bytes binary", "ok boolean"), columns(table), "DMS's Op and TimestampColumnName left out");
        assertEquals(List.of("id"), table.primaryKey());
        // init writes no report: its summary tells people why a table was left out and what to do.
        assertTrue(result.out().matches("(?s).*SKIPPED +s\\.q +no primary key.*--primary-key s\\.q=<col1,col2,\\.\\.\\.>.*"),
                result.out());

        Pipeline.Result run = p.withTables(InitFiles.read(out)).run();
        assertEquals(ExitCodes.OK, run.exitCode(), run.all());
        assertEquals(List.of(
                "2024-06-12 10:00:00.0|1|Ann|12.50|2024-06-12 10:30:25.104667|32.38|1996-07-04|9000000000|0102|true",
                "2024-06-12 10:05:01.0|2|Bob|null|null|null|null|null|null|false"),
                Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(p.tablePath("s", "p"))
                        .selectExpr("dms_ts", "id", "name", "amount", "at", "score", "day", "big", "hex(bytes)", "ok")));
    }

    @Test
    void aCsvHeaderGivesNamesOnlyTypedStringUnlessTypeSaysOtherwise() {
        String settings = "{\"AddColumnName\": true, \"IncludeOpForFullLoad\": true}";
        Pipeline p = new Pipeline(dir).withSettings(settings);
        p.file("s/c/LOAD00000001.csv", "Op,id,name,qty,price", "I,1,Ann,3,1.50");
        p.file("s/c/20240612-103125108.csv", "Op,id,name,qty,price", "U,1,Ann,4,2.00", "I,2,Bob,1,");

        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init("--from-files", p.source.toString(), "--endpoint-settings", settings,
                "--primary-key", "s.c=id", "--type", "s.c.id=int", "--type", "s.c.qty=int", "--output", out.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableDefinition table = definitions(out).find("s.c").orElseThrow();
        assertEquals(List.of("id int", "name string", "qty int", "price string"), columns(table));
        // The summary is init's report for people: which types they should give.
        assertTrue(result.out().contains("- declared string, since the CSV header names them without a type: name, price."
                + " Give --type s.c.<column>=<type> for each that is not text (or edit the types)."), result.out());

        Pipeline.Result run = p.withTables(InitFiles.read(out)).run();
        assertEquals(ExitCodes.OK, run.exitCode(), run.all());
        assertEquals(List.of("1|Ann|4|2.00", "2|Bob|1|null"), p.rows("s", "c"));

        // a re-run without the --type options keeps the types set before: the header has nothing better
        String before = InitFiles.read(out);
        Pipeline.Result again = init("--from-files", p.source.toString(), "--endpoint-settings", settings,
                "--output", out.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(before, InitFiles.read(out));
    }

    @Test
    void withTheTaskMappingsTheChangeSequenceIsTypedAndBeforeImageColumnsAreNoColumns() {
        String settings = "{\"AddColumnName\": true}";
        Pipeline p = new Pipeline(dir).withSettings(settings);
        // no LOAD file: the first CDC file, written after the before-image rule, is read
        p.file("app/t/20240612-103125108.csv", "Op,id,v,AR_H_CHANGE_SEQ,BI_id", "U,1,a,20240612103000000000000000000000001,1");
        Path mappings = InitFiles.write(dir.resolve("table-mappings.json"), """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-action": "include",
                   "object-locator": {"schema-name": "%", "table-name": "%"}},
                  {"rule-type": "transformation", "rule-id": "2", "rule-target": "column", "rule-action": "add-column",
                   "value": "AR_H_CHANGE_SEQ", "expression": "$AR_H_CHANGE_SEQ",
                   "object-locator": {"schema-name": "%", "table-name": "%"}},
                  {"rule-type": "transformation", "rule-id": "3", "rule-target": "column",
                   "rule-action": "add-before-image-columns", "object-locator": {"schema-name": "%", "table-name": "%"},
                   "before-image-def": {"column-prefix": "BI_", "column-suffix": "", "column-filter": "pk-only"}}
                ]}""");
        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init("--from-files", p.source.toString(), "--endpoint-settings", settings,
                "--table-mappings", mappings.toString(), "--primary-key", "app.t=id", "--type", "app.t.id=int",
                "--output", out.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableDefinition table = definitions(out).all().get(0);
        assertEquals(List.of("id int", "v string", "AR_H_CHANGE_SEQ decimal(38,0)"), columns(table));
        assertEquals(Optional.of("AR_H_CHANGE_SEQ"), table.sequenceColumn());
        assertEquals(Optional.of("BI_"), table.beforeImagePrefix());
    }

    @Test
    void headerlessCsvFilesNameNoColumnsSoTheTableIsLeftOut() {
        Pipeline p = new Pipeline(dir);
        p.file("s/h/LOAD00000001.csv", "1,Ann");
        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init("--from-files", p.source.toString(), "--primary-key", "s.h=id", "--output",
                out.toString());
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        assertFalse(Files.exists(out), "no table could be defined");
        // init writes no report: its summary tells people why the table was left out.
        assertTrue(result.out().matches("(?s).*SKIPPED +s\\.h +its files are CSV without a header row \\(DMS's default;"
                + " no --endpoint-settings were given\\).*"), result.out());
    }

    /** Writes rows as a single Parquet file at {@code file}, as DMS names its files. */
    private void parquet(StructType schema, Path file, Row... rows) throws IOException {
        Dataset<Row> df = TestSpark.get().createDataFrame(List.of(rows), schema).coalesce(1);
        Path folder = Files.createTempDirectory(dir, "parquet");
        df.write().mode("overwrite").parquet(folder.toString());
        Files.createDirectories(file.getParent());
        try (Stream<Path> parts = Files.list(folder)) {
            Files.move(parts.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow(), file);
        }
    }
}
