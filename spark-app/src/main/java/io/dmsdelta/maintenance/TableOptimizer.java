package io.dmsdelta.maintenance;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.delta.CommitOperation;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.TableChange;
import io.dmsdelta.delta.TableFile;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.delta.WrittenFiles;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.merge.TableState;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Optional;

/**
 * Restores a table's layout after many runs. A full load writes files that each hold one range of primary keys,
 * which is what lets a MERGE bounded by its batch's key ranges ({@link io.dmsdelta.merge.ChangeMerger}) skip most
 * of a large table. A MERGE writes the rows of the files it touched back spread by a hash of the key, so each new
 * file spans the whole touched range, and frequent runs add small files: over time the bound skips less. This
 * rewrites the table as a full load lays it out ({@link FullLoadWriter#byKeyRanges}), without deletion vectors, in
 * one commit marked as changing no data ({@code dataChange=false}, so streaming readers of the table skip it). Rows,
 * table properties and dms-delta's watermark (a Delta transaction identifier) stay as they were, so runs go on from
 * exactly where they were. Delta's own {@code OPTIMIZE ZORDER BY} would cluster only within bins of up to 1 GB, not
 * the whole table.
 *
 * <p>The rewrite is one Delta transaction that reads every file of the version it starts from: a run that commits
 * meanwhile (new rows, new deletion vectors) makes its commit fail with Delta's conflict exception, nothing written;
 * and a run that read files this rewrite removes fails its own commit the same way, and retries.
 */
public final class TableOptimizer {

    /** What optimize writes as the commit's user metadata. */
    private static final String COMMIT_NOTE = "dms-delta optimize: rewritten in key ranges, no data changed";

    private final SparkSession spark;
    private final long rowsPerFile;

    public TableOptimizer(SparkSession spark, DmsDeltaSettings settings) {
        this.spark = spark;
        this.rowsPerFile = settings.rowsPerFile();
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
     * @throws io.dmsdelta.delta.ConcurrentRunException when a run committed to the table meanwhile; nothing of the
     *                    rewrite was committed
     */
    public Optional<Result> optimize(String path, TableDefinition table, Optional<Integer> retainHours) {
        DeltaTableHandle target = DeltaTableHandle.open(spark, path);
        if (!TableState.of(target).exists()) {
            return Optional.empty();
        }
        long[] files = new long[2];
        DeltaCommitter.commit(target, new WatermarkChange.Keep(), COMMIT_NOTE, txn -> {
            txn.readWholeTable();
            List<TableFile> before = txn.allFiles();
            // The rows of exactly the version the transaction read, its deletion vectors applied.
            Dataset<Row> current = target.rows();
            long rows = current.count(); // answered from the files' statistics
            WrittenFiles written = txn.write(FullLoadWriter.byKeyRanges(current, rows, table.primaryKey(), rowsPerFile));
            files[0] = before.size();
            files[1] = written.count();
            return TableChange.of(new CommitOperation.Optimize()).adding(written).removing(before).withoutDataChange();
        });
        retainHours.ifPresent(hours -> target.deltaTable().vacuum(hours));
        if (table.source() instanceof io.dmsdelta.config.EventSourceDefinition events) {
            // Deleted keys are remembered for the retention the definition gives, then forgotten.
            new io.dmsdelta.merge.Tombstones(spark, table, path).prune(events.tombstoneRetention());
        }
        return Optional.of(new Result(files[0], files[1], retainHours.isPresent()));
    }
}
