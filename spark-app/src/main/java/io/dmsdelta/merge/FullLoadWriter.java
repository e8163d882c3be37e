package io.dmsdelta.merge;

import io.dmsdelta.delta.ConcurrentRunException;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Writes a table's full load as the base Delta table, in files cut by key ranges, in one atomic commit that also records the LOAD set
 * it came from (table properties {@value TableState#LOAD_SET_PROPERTY} and
 * {@value TableState#LOAD_SET_STORED_UP_TO_PROPERTY}). Creating fails rather than replaces
 * when a table appeared meanwhile (another run loaded it first). Its callers commit through
 * {@link io.dmsdelta.delta.DeltaCommitter#run}.
 */
public final class FullLoadWriter {

    private FullLoadWriter() {
    }

    /**
     * @param rows        the snapshot, about {@code rowCount} rows
     * @param primaryKey  the files are cut by ranges of it, rows sorted by it within each
     * @param rowsPerFile about how many rows each file gets ({@link io.dmsdelta.config.DmsDeltaSettings#rowsPerFile})
     * @param replace     replace the existing table's contents (one commit) instead of creating the table
     */
    public static void write(Dataset<Row> rows, long rowCount, List<String> primaryKey, long rowsPerFile,
                             String tablePath, Map<String, String> properties, boolean replace) {
        write(byKeyRanges(rows, rowCount, primaryKey, rowsPerFile), tablePath, properties, replace);
    }

    /**
     * The rows laid out as a full load writes them: in about {@code rowsPerFile} rows per partition (so per file),
     * each partition one range of {@code primaryKey}, sorted by it.
     */
    public static Dataset<Row> byKeyRanges(Dataset<Row> rows, long rowCount, List<String> primaryKey, long rowsPerFile) {
        Column[] keys = primaryKey.stream().map(k -> col(SqlNames.quote(k))).toArray(Column[]::new);
        int files = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (rowCount + rowsPerFile - 1) / rowsPerFile));
        // One file needs no ranges: merging the partitions spares the sampling job and the shuffle of range partitioning.
        return (files == 1 ? rows.coalesce(1) : rows.repartitionByRange(files, keys)).sortWithinPartitions(keys);
    }

    private static void write(Dataset<Row> rows, String tablePath, Map<String, String> properties, boolean replace) {
        if (replace) {
            // Delta supports neither REPLACE TABLE nor writeTo().replace() on path tables: overwrite in one commit,
            // and record the new LOAD set afterwards with recordLoadSet.
            rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(tablePath);
        } else {
            CreateTableWriter<Row> create = rows.writeTo("delta." + SqlNames.quote(tablePath)).using("delta");
            for (Map.Entry<String, String> property : properties.entrySet()) {
                create = create.tableProperty(property.getKey(), property.getValue());
            }
            try {
                create.create();
            } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
                throw new ConcurrentRunException("another run created the table " + tablePath + " while this run was"
                        + " loading it; nothing was written by this run", e);
            }
        }
    }
}
