package io.dmsdelta.merge;

import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a table's full load as the base Delta table, in one atomic commit that also records the LOAD set
 * it came from (table properties {@value TableState#LOAD_SET_PROPERTY} and
 * {@value TableState#LOAD_SET_STORED_UP_TO_PROPERTY}). Creating fails rather than replaces
 * when a table appeared meanwhile (another run loaded it first).
 */
public final class FullLoadWriter {

    private FullLoadWriter() {
    }

    /** @param replace replace the existing table's contents (one commit) instead of creating the table */
    public static void write(Dataset<Row> rows, String tablePath, Map<String, String> loadSet, boolean replace) {
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
