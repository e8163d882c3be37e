package io.dmsdelta.maintenance;

import io.delta.tables.DeltaTable;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.merge.DeltaCommits;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.spark.SessionSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        DeltaLog log = DeltaLog.forTable(spark, path);
        OptimisticTransaction txn = log.startTransaction();
        txn.readWholeTable();
        List<AddFile> before = new ArrayList<>(JavaConverters.seqAsJavaList(
                txn.filterFiles(JavaConverters.asScalaBuffer(new ArrayList<Expression>()).toSeq(), true)));
        // The rows of exactly the version the transaction read, its deletion vectors applied.
        Dataset<Row> current = spark.read().format("delta").option("versionAsOf", txn.snapshot().version()).load(path);
        long rows = current.count(); // answered from the files' statistics
        long time = System.currentTimeMillis();
        List<Action> actions = new ArrayList<>();
        for (FileAction written : JavaConverters.seqAsJavaList(
                txn.writeFiles(FullLoadWriter.byKeyRanges(current, rows, table.primaryKey())))) {
            actions.add(withoutDataChange((AddFile) written));
        }
        int filesAfter = actions.size();
        before.forEach(f -> actions.add(f.removeWithTimestamp(time, false)));
        CrashPoints.reach("before-optimize-commit");
        SessionSettings.with(spark, Map.of(DeltaCommits.USER_METADATA, COMMIT_NOTE), () ->
                txn.commit(JavaConverters.asScalaBuffer(actions).toSeq(), new DeltaOperations.Optimize(
                        JavaConverters.asScalaBuffer(new ArrayList<Expression>()).toSeq(),
                        JavaConverters.asScalaBuffer(new ArrayList<String>()).toSeq(), false, Option.empty(), true)));
        retainHours.ifPresent(hours -> DeltaTable.forPath(spark, path).vacuum(hours));
        return Optional.of(new Result(before.size(), filesAfter, retainHours.isPresent()));
    }

    private static AddFile withoutDataChange(AddFile file) {
        return file.copy(file.path(), file.partitionValues(), file.size(), file.modificationTime(), false, file.stats(),
                file.tags(), file.deletionVector(), file.baseRowId(), file.defaultRowCommitVersion(),
                file.clusteringProvider());
    }
}
