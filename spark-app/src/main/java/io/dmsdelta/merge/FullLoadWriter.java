package io.dmsdelta.merge;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * Writes a table's full load as the base Delta table, in files cut by key ranges, in one atomic commit that also records the LOAD set
 * it came from (table properties {@value TableState#LOAD_SET_PROPERTY} and
 * {@value TableState#LOAD_SET_STORED_UP_TO_PROPERTY}). Creating fails rather than replaces
 * when a table appeared meanwhile (another run loaded it first).
 */
public final class FullLoadWriter {

    private FullLoadWriter() {
    }

    /**
     * Spark setting: rows per data file of a full load, about (default {@value #DEFAULT_ROWS_PER_FILE}). Files that
     * each hold a narrow key range are what lets a MERGE bounded by its batch's key ranges skip most of a large
     * table ({@link ChangeMerger}); DMS's LOAD files are no help there, since each is read by one task and would
     * become one file.
     */
    public static final String ROWS_PER_FILE = "spark.dmsdelta.fullLoad.rowsPerFile";
    static final long DEFAULT_ROWS_PER_FILE = 1_000_000;

    /**
     * @param rows       the snapshot, about {@code rowCount} rows
     * @param primaryKey the files are cut by ranges of it, rows sorted by it within each
     * @param replace    replace the existing table's contents (one commit) instead of creating the table
     */
    public static void write(Dataset<Row> rows, long rowCount, List<String> primaryKey, String tablePath,
                             Map<String, String> loadSet, boolean replace) {
        write(byKeyRanges(rows, rowCount, primaryKey), tablePath, loadSet, replace);
    }

    /**
     * The rows laid out as a full load writes them: in about {@link #ROWS_PER_FILE} rows per partition (so per
     * file), each partition one range of {@code primaryKey}, sorted by it.
     */
    public static Dataset<Row> byKeyRanges(Dataset<Row> rows, long rowCount, List<String> primaryKey) {
        long rowsPerFile = rowsPerFile(rows.sparkSession());
        Column[] keys = primaryKey.stream().map(k -> col(SqlNames.quote(k))).toArray(Column[]::new);
        int files = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (rowCount + rowsPerFile - 1) / rowsPerFile));
        return rows.repartitionByRange(files, keys).sortWithinPartitions(keys);
    }

    /** {@value #ROWS_PER_FILE} of the session, checked. */
    public static long rowsPerFile(org.apache.spark.sql.SparkSession spark) {
        return rowsPerFile(spark.conf().get(ROWS_PER_FILE, Long.toString(DEFAULT_ROWS_PER_FILE)));
    }

    private static long rowsPerFile(String setting) {
        try {
            long value = Long.parseLong(setting.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("The Spark setting " + ROWS_PER_FILE + " is '" + setting
                + "'; it must be a whole number of rows above 0 (default " + DEFAULT_ROWS_PER_FILE + ").");
    }

    private static void write(Dataset<Row> rows, String tablePath, Map<String, String> loadSet, boolean replace) {
        try {
            if (replace) {
                // Delta supports neither REPLACE TABLE nor writeTo().replace() on path tables: overwrite in one
                // commit, and record the new LOAD set afterwards with recordLoadSet.
                rows.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(tablePath);
            } else {
                CreateTableWriter<Row> create = rows.writeTo("delta." + SqlNames.quote(tablePath)).using("delta");
                for (Map.Entry<String, String> property : loadSet.entrySet()) {
                    create = create.tableProperty(property.getKey(), property.getValue());
                }
                create.create();
            }
        } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
            throw new ConcurrentRunException("another run is creating or has created the table " + tablePath
                    + " while this run was loading it; nothing was written by this run", e);
        }
    }

    /**
     * Records the LOAD set after a reload, in a commit of its own. A crash between the reload and this leaves
     * the old fingerprint, and the next run reloads once more, which is safe: no CDC file is applied before the
     * LOAD set is recorded, and the repeated reload keeps (one nanosecond later) the same cut-off for CDC files.
     */
    public static void recordLoadSet(org.apache.spark.sql.SparkSession spark, String tablePath, Map<String, String> loadSet) {
        spark.sql("ALTER TABLE delta." + SqlNames.quote(tablePath) + " SET TBLPROPERTIES (" + loadSet.entrySet().stream()
                .map(p -> "'" + p.getKey() + "' = '" + p.getValue() + "'").collect(Collectors.joining(", ")) + ")");
    }
}
