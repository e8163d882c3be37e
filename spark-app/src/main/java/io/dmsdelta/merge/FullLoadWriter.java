package io.dmsdelta.merge;

import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a table's full load as the base Delta table, in one atomic commit that also records the LOAD set
 * it came from (table property {@value TableState#LOAD_SET_PROPERTY}) and watermark 0 (no CDC applied).
 * The write fails rather than replaces when a table appeared meanwhile (another run loaded it first).
 */
public final class FullLoadWriter {

    private FullLoadWriter() {
    }

    public static void create(Dataset<Row> rows, String tablePath, String loadSet) {
        try {
            rows.writeTo("delta." + SqlNames.quote(tablePath))
                    .using("delta")
                    .tableProperty(TableState.LOAD_SET_PROPERTY, loadSet)
                    .create();
        } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
            throw new ConcurrentRunException("The table " + tablePath + " was created by another run while this"
                    + " run was loading it; nothing was written by this run. Run again to continue from there.", e);
        }
    }
}
