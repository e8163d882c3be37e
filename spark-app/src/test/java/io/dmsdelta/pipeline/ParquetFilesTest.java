package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DataFormat=parquet: the same rows as CSV, typed, with the operation in an {@code Op} column on CDC files. */
class ParquetFilesTest {

    static final String TABLE = """
            {"tables": [{"schema": "s", "table": "p", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"},
                          {"name": "amount", "type": "decimal(10,2)"}, {"name": "at", "type": "timestamp"},
                          {"name": "score", "type": "double"}]}]}""";

    static final StructType LOAD = new StructType().add("dms_ts", DataTypes.StringType).add("id", DataTypes.IntegerType)
            .add("name", DataTypes.StringType).add("amount", DataTypes.createDecimalType(10, 2))
            .add("at", DataTypes.TimestampType).add("score", DataTypes.FloatType);
    static final StructType CDC = new StructType().add("Op", DataTypes.StringType).add("dms_ts", DataTypes.StringType)
            .add("id", DataTypes.IntegerType).add("name", DataTypes.StringType)
            .add("amount", DataTypes.createDecimalType(10, 2)).add("at", DataTypes.TimestampType)
            .add("score", DataTypes.FloatType);

    @TempDir
    Path dir;

    @Test
    void parquetLoadAndChangeFilesApplyLikeCsv() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE)
                .withSettings("{\"DataFormat\": \"parquet\", \"TimestampColumnName\": \"dms_ts\"}");
        parquet(LOAD, p.source.resolve("s/p/LOAD00000001.parquet"),
                RowFactory.create("2024-06-12 10:00:00.000000", 1, "Ann", new BigDecimal("12.50"),
                        Timestamp.valueOf("2024-06-12 10:30:25.104667"), 32.38f),
                RowFactory.create("2024-06-12 10:00:00.000000", 2, "Bob", null, null, null));
        parquet(CDC, p.source.resolve("s/p/20240612-101000000.parquet"),
                RowFactory.create("U", "2024-06-12 10:05:00.000001", 2, "Bob", new BigDecimal("-3.00"),
                        Timestamp.valueOf("1999-12-31 23:59:59"), 1.5f),
                RowFactory.create("I", "2024-06-12 10:05:01.000000", 3, "Cid", new BigDecimal("0.01"), null, 0f),
                RowFactory.create("D", "2024-06-12 10:05:02.000000", 1, null, null, null, null));
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of(
                "2024-06-12 10:05:00.000001|2|Bob|-3.00|1999-12-31 23:59:59.0|1.5",
                "2024-06-12 10:05:01.0|3|Cid|0.01|null|0.0"), p.rows("s", "p"));
    }

    @Test
    void aParquetColumnTheTableDoesNotDefineIsAnError() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE).withSettings("{\"DataFormat\": \"parquet\"}");
        StructType odd = new StructType().add("id", DataTypes.IntegerType).add("colour", DataTypes.StringType);
        parquet(odd, p.source.resolve("s/p/LOAD00000001.parquet"), RowFactory.create(1, "red"));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.p", TableStatus.FAILED, Reason.BAD_INPUT,
                "column colour: the Parquet schema names a column that table s.p does not define");
    }

    /** Writes rows as a single Parquet file at {@code file}, as DMS names its files. */
    private void parquet(StructType schema, Path file, Row... rows) throws IOException {
        Dataset<Row> df = TestSpark.get().createDataFrame(List.of(rows), schema).coalesce(1);
        Path out = Files.createTempDirectory(dir, "parquet");
        df.write().mode("overwrite").parquet(out.toString());
        Files.createDirectories(file.getParent());
        try (Stream<Path> parts = Files.list(out)) {
            Path part = parts.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.move(part, file);
        }
    }
}
