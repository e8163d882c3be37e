package io.dmsdelta.quarantine;

import io.delta.tables.DeltaTable;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.merge.SchemaEvolution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

/**
 * Where {@code --on-bad-rows quarantine} keeps the rows it could not apply: one Delta table per data table,
 * {@code <root>/<schema>/<table>}, a row per bad input row with its file, line, problems and text as read.
 *
 * <p>Bad rows are recorded before the good rows of their batch are committed, and recorded by file version (path
 * and modification time) and line with a MERGE that only inserts, so a batch that is retried (after a crash, a
 * conflict or a failure of the data commit) records each bad row once, while a file DMS or a user rewrote has its
 * bad rows recorded again. A bad row is therefore never lost: it is in the quarantine table
 * before its file counts as applied.
 */
public final class Quarantine {

    /** Every field nullable: Delta refuses NOT NULL constraints inside arrays. */
    private static final DataType ERRORS = DataTypes.createArrayType(new StructType()
            .add("column", DataTypes.StringType).add("value", DataTypes.StringType).add("problem", DataTypes.StringType));

    private final String root;

    /** @param root folder holding the quarantine tables, by default {@code <target>/_quarantine} */
    public Quarantine(String root) {
        this.root = root;
    }

    public String tablePath(TableDefinition table) {
        return table.pathUnder(root);
    }

    /**
     * Records bad rows of {@code table}.
     *
     * @param badRows rows with {@code file}, {@code line}, {@code errors} and {@code raw_text}, as
     *                {@link io.dmsdelta.changeset.ChangeSet#badRows} gives them
     * @param runId   the run that set them aside, to tell batches apart
     * @throws RuntimeException Spark's or Delta's failure to write, in which case nothing of the batch is committed
     */
    public void record(SparkSession spark, TableDefinition table, Dataset<Row> badRows, String runId) {
        String path = tablePath(table);
        Dataset<Row> records = badRows.select(lit(table.qualifiedName()).as("table"), col("file"), col("line"),
                col("errors").cast(ERRORS), col("raw_text"), lit(runId).as("run_id"), current_timestamp().as("quarantined_at"),
                col("file_modified"));
        DeltaTable.createIfNotExists(spark).location(path).addColumns(records.schema()).execute();
        // Quarantine tables written before file versions were recorded lack the column: add it (rows there hold NULL).
        DeltaTableHandle quarantine = DeltaTableHandle.open(spark, path);
        SchemaEvolution.addMissingColumns(quarantine, records.schema());
        DeltaCommitter.run(quarantine, new WatermarkChange.Keep(), "dms-delta: bad rows of run " + runId,
                () -> quarantine.deltaTable().as("q")
                        .merge(records.as("b"), "q.file = b.file AND q.line = b.line AND q.file_modified <=> b.file_modified")
                        .whenNotMatched().insertAll()
                        .execute());
    }
}
