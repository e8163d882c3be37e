package io.dmsdelta.maintenance;

import io.delta.tables.DeltaTable;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.merge.TableState;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * Restores a table's layout after many runs. A full load writes files that each hold one range of primary keys,
 * which is what lets a MERGE bounded by its batch's key ranges ({@link io.dmsdelta.merge.ChangeMerger}) skip most
 * of a large table. A MERGE writes the rows of the files it touched back spread by a hash of the key, so each new
 * file spans the whole touched range, and frequent runs add small files: over time the bound skips less. This
 * rewrites the table as a full load lays it out ({@link FullLoadWriter#byKeyRanges}), in one commit marked as
 * changing no data ({@code dataChange=false}, so streaming readers of the table skip it). Rows, table properties
 * and dms-delta's watermark (a Delta transaction identifier) stay as they were, so runs go on from exactly where
 * they were. Delta's own {@code OPTIMIZE ZORDER BY} would cluster only within bins of up to 1 GB, not the whole
 * table.
 */
public final class TableOptimizer {

    private final SparkSession spark;

    public TableOptimizer(SparkSession spark) {
        this.spark = spark;
    }

    /** What optimizing one table did: data files before and after, and whether VACUUM ran. */
    public record Result(long filesBefore, long filesAfter, boolean vacuumed) {
    }

    /**
     * @param path        the table's location
     * @param retainHours with a value, VACUUM afterwards, deleting files the table stopped using more than that
     *                    many hours ago (Delta refuses less than its retention check allows, 168 hours by default)
     * @return empty when there is no table at the path yet
     * @throws io.dmsdelta.config.ConfigException when the path holds a Delta table dms-delta did not create
     * @throws java.util.ConcurrentModificationException (Delta's subclasses) when a run committed to the table
     *                    meanwhile; nothing of the rewrite was committed
     */
    public Optional<Result> optimize(String path, TableDefinition table, Optional<Integer> retainHours) {
        if (!TableState.read(spark, path).exists()) {
            return Optional.empty();
        }
        DeltaTable delta = DeltaTable.forPath(spark, path);
        Dataset<Row> current = delta.toDF();
        long filesBefore = current.inputFiles().length;
        long rows = current.count(); // answered from the files' statistics
        FullLoadWriter.byKeyRanges(current, rows, table.primaryKey()).write().format("delta").mode("overwrite")
                .option("dataChange", "false")
                .option("userMetadata", "dms-delta optimize: rewritten in key ranges, no data changed")
                .save(path);
        long filesAfter = DeltaTable.forPath(spark, path).toDF().inputFiles().length;
        retainHours.ifPresent(hours -> delta.vacuum(hours));
        return Optional.of(new Result(filesBefore, filesAfter, retainHours.isPresent()));
    }
}
