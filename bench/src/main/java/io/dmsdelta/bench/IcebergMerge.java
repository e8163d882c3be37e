package io.dmsdelta.bench;

import io.dmsdelta.spark.SqlNames;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;

/**
 * The Iceberg peer's run: one DMS CSV file applied to an Iceberg table with one {@code MERGE INTO}, as a user of
 * Iceberg would write it. The file is read with Spark's CSV reader (RFC 4180, as DMS writes it) typed by the table's
 * schema after the operation column; only the last change of each key in the file is kept (in the file's row order:
 * MERGE takes at most one source row per target row); then D deletes, any other change of a key in the table replaces
 * its row, and I or U of a new key inserts it. The same code runs in the harness's JVM and in a fresh one
 * ({@link IcebergMergeMain}).
 */
final class IcebergMerge {

    /** The catalog the peer's tables are in: Iceberg's Hadoop catalog, a warehouse folder and no metastore. */
    static final String CATALOG = "ice";

    /**
     * The table's settings: format 2, so MERGE, UPDATE and DELETE write delete files (merge-on-read) instead of
     * rewriting the data files they touch.
     */
    static final Map<String, String> TABLE_PROPERTIES = Map.of("format-version", "2",
            "write.merge.mode", "merge-on-read", "write.update.mode", "merge-on-read", "write.delete.mode", "merge-on-read");

    /** The change's DMS operation (I, U or D), named so that it cannot be taken for a table column. */
    private static final String OPERATION = "dms_operation";
    private static final String ROW_ORDER = "dms_row";
    private static final String LATEST = "dms_latest";
    private static final String CHANGES = "dms_changes";

    private final SparkSession spark;
    private final String table;
    private final List<String> keys;

    /**
     * @param table the table's full name, {@code ice.<namespace>.<table>}
     * @param keys  its primary key's columns
     */
    IcebergMerge(SparkSession spark, String table, List<String> keys) {
        this.spark = requireNonNull(spark, "spark");
        this.table = requireNonNull(table, "table");
        this.keys = List.copyOf(keys);
    }

    /** The session settings of the {@value #CATALOG} catalog, its tables under {@code warehouse}. */
    static Map<String, String> catalogSettings(Path warehouse) {
        String catalog = "spark.sql.catalog." + CATALOG;
        return Map.of(catalog, SparkCatalog.class.getName(), catalog + ".type", "hadoop",
                catalog + ".warehouse", warehouse.toAbsolutePath().toString());
    }

    /** Loads the table, reads the file and merges its changes into the table: one commit. */
    void apply(Path file) {
        StructType schema = new StructType().add(OPERATION, DataTypes.StringType);
        for (StructField column : spark.table(table).schema().fields()) {
            schema = schema.add(column.name(), column.dataType(), true);
        }
        Column[] keyColumns = keys.stream().map(SqlNames::column).toArray(Column[]::new);
        // One file is one task (multiLine), so the increasing id follows the file's rows.
        read(spark, schema, List.of(file))
                .withColumn(ROW_ORDER, monotonically_increasing_id())
                .withColumn(LATEST, row_number().over(Window.partitionBy(keyColumns).orderBy(col(ROW_ORDER).desc())))
                .where(col(LATEST).equalTo(1))
                .drop(ROW_ORDER, LATEST)
                .createOrReplaceTempView(CHANGES);
        String on = keys.stream().map(k -> "t." + SqlNames.quote(k) + " = c." + SqlNames.quote(k))
                .collect(Collectors.joining(" AND "));
        spark.sql("MERGE INTO " + table + " t USING " + CHANGES + " c ON " + on
                + " WHEN MATCHED AND c." + OPERATION + " = 'D' THEN DELETE"
                + " WHEN MATCHED THEN UPDATE SET *"
                + " WHEN NOT MATCHED AND c." + OPERATION + " <> 'D' THEN INSERT *");
    }

    /** DMS CSV files (RFC 4180, no header) read with Spark's CSV reader, typed by {@code schema}. */
    static Dataset<Row> read(SparkSession spark, StructType schema, List<Path> files) {
        return spark.read().schema(schema)
                .option("header", false).option("sep", ",").option("quote", "\"").option("escape", "\"")
                .option("multiLine", true)
                .csv(files.stream().map(Path::toString).toArray(String[]::new));
    }
}
