package io.dmsdelta.bench;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * The least any way of applying the CDC files must do: read them (with the CSV options dms-delta uses for
 * RFC 4180 files, so with the same parallelism), write them out once as Parquet, and join their keys against the
 * Delta table's key column. The row count of the join is computed, so the join really runs.
 */
final class IoFloor {

    /** The two parts of the floor, seconds, and the joined row count. */
    record Figures(double copySeconds, double joinSeconds, long joinedRows) {
    }

    private final SparkSession spark;

    IoFloor(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param table   the files' columns after the operation (all read as text) and the key (cast to its type for
     *                the join; a single column)
     * @param parquet where the Parquet copy goes
     */
    Figures measure(List<Path> cdcFiles, TableDefinition table, Path parquet, String tablePath) {
        StructType schema = new StructType().add("op", DataTypes.StringType);
        for (ColumnDefinition column : table.columns()) {
            schema = schema.add(column.name(), DataTypes.StringType);
        }
        ColumnDefinition key = table.column(table.primaryKey().get(0)).orElseThrow();
        long started = System.nanoTime();
        spark.read().schema(schema)
                .option("header", false).option("sep", ",").option("quote", "\"").option("escape", "\"")
                .option("multiLine", true)
                .csv(cdcFiles.stream().map(Path::toString).toArray(String[]::new))
                .write().parquet(parquet.toString());
        long copied = System.nanoTime();
        Dataset<Row> keys = spark.read().parquet(parquet.toString())
                .select(col(key.name()).cast(key.type()).as(key.name()));
        long joined = keys.join(spark.read().format("delta").load(tablePath).select(key.name()), key.name()).count();
        return new Figures((copied - started) / 1e9, (System.nanoTime() - copied) / 1e9, joined);
    }
}
