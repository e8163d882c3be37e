package io.dmsdelta.merge;

import io.delta.tables.DeltaTable;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.changeset.KeyRanges;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.commands.DMLWithDeletionVectorsHelper;
import org.apache.spark.sql.delta.commands.DeletionVectorBitmapGenerator;
import org.apache.spark.sql.delta.commands.DeletionVectorResult;
import org.apache.spark.sql.delta.commands.TouchedFileWithDV;
import org.apache.spark.sql.delta.files.TahoeBatchFileIndex;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Applies a batch holding at most one change per key to a table with deletion vectors, at the cost of the changes
 * rather than of the table. Where Delta's MERGE reads every column of every file a batch can touch and writes
 * those files again, this reads only the key columns (and row positions) of the files whose key range the batch
 * overlaps, marks the rows whose key the batch changes as deleted in those files' deletion vectors, and writes the
 * batch's new rows to a file of their own: a change of any kind (insert, update, delete, a key moved) removes the
 * key's old row, and an insert or update then adds its new one, which is what the upsert rules of
 * {@link ChangeMerger} amount to. Small files (the new-row files of earlier batches) are rewritten into one when
 * there would be more than {@value #DEFAULT_MAX_SMALL_FILES} (the Spark setting {@value #MAX_SMALL_FILES}), together
 * with this batch, so the table keeps its full load's key-range files plus a few small ones.
 *
 * <p>Everything is one commit of one Delta transaction: the deletion vectors, the new files, the rewritten small
 * files, and the watermark (a {@code SetTransaction} of {@link DeltaCommits#APP_ID}), with dms-delta's
 * {@link CommitMetadata}. The transaction records what it read (the candidate files, the watermark), so a commit
 * by another run meanwhile makes it fail with Delta's conflict exception and nothing is written. Before committing
 * it checks that no matched row is lost on the way ({@link CandidateFiles}, {@link MatchCounts}): each found its file,
 * there are no more of them than the batch has keys, and each is marked in a vector or in a rewritten file; else it
 * throws {@link TableIntegrityException} and nothing is written.
 *
 * <p>Built on Delta 3.3's transaction API and its deletion-vector helpers for DELETE and UPDATE
 * ({@code DMLWithDeletionVectorsHelper}, {@code DeletionVectorBitmapGenerator}, {@code TouchedFileWithDV}): those
 * are Delta's own internals, pinned by the build's Delta version, and covered by the differential, crash and
 * concurrency tests.
 */
public final class DeletionVectorApply {

    /** Table property that makes Delta's writers (and this class) use deletion vectors. */
    public static final String ENABLE = "delta.enableDeletionVectors";

    /** Spark setting: at most this many small files stay beside the key-range files before they are rewritten into one. */
    public static final String MAX_SMALL_FILES = "spark.dmsdelta.maxSmallFiles";
    static final int DEFAULT_MAX_SMALL_FILES = 10;

    /**
     * Up to this many keys a batch's keys are broadcast to the scan of the table's key column (the usual minute's
     * file); a larger batch (a backlog) is joined by shuffling, so its change data never passes through the driver.
     */
    static final long BROADCAST_KEYS = 100_000;

    private static final String USE_METADATA_ROW_INDEX = "spark.databricks.delta.deletionVectors.useMetadataRowIndex";

    private DeletionVectorApply() {
    }

    /** Whether the table's properties enable deletion vectors. */
    public static boolean enabled(SparkSession spark, String tablePath) {
        Snapshot snapshot = DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty());
        Option<String> value = snapshot.metadata().configuration().get(ENABLE);
        return value.isDefined() && value.get().trim().equalsIgnoreCase("true");
    }

    /**
     * @param watermark     the batch's watermark, recorded in the commit
     * @param fromWatermark what the table must still record before the commit (another run's batch otherwise)
     * @param metadata      dms-delta's record of the commit
     * @param rowsPerFile   a full load's rows per file: files with fewer than half as many rows count as small
     * @return the commit with the batch's counts, or empty when the table already records this or a later watermark
     * @throws ConcurrentRunException when another run applied files since this batch was planned
     */
    public static Optional<DeltaCommits.Commit> apply(SparkSession spark, String tablePath, CompactedChanges changes,
                                                      TableDefinition table, List<String> columns, long watermark,
                                                      long fromWatermark, CommitMetadata metadata, long rowsPerFile) {
        // Only the explicit broadcast of a small batch's keys: Spark's own would also take a backlog's.
        return io.dmsdelta.spark.SessionSettings.with(spark, Map.of("spark.sql.autoBroadcastJoinThreshold", "-1",
                "spark.sql.adaptive.autoBroadcastJoinThreshold", "-1"), () -> applyInOneCommit(spark, tablePath,
                changes, table, columns, watermark, fromWatermark, metadata, rowsPerFile));
    }

    private static Optional<DeltaCommits.Commit> applyInOneCommit(SparkSession spark, String tablePath,
                                                                  CompactedChanges changes, TableDefinition table,
                                                                  List<String> columns, long watermark, long fromWatermark,
                                                                  CommitMetadata metadata, long rowsPerFile) {
        DeltaLog log = DeltaLog.forTable(spark, tablePath);
        OptimisticTransaction txn = log.startTransaction();
        long recorded = Math.max(0, txn.txnVersion(DeltaCommits.APP_ID)); // -1 when none was recorded
        if (recorded >= watermark) {
            return Optional.empty();
        }
        if (recorded != fromWatermark) {
            throw new ConcurrentRunException("another run applied CDC files to the table while this run was reading"
                    + " its batch", null);
        }
        Snapshot snapshot = txn.snapshot();
        Dataset<Row> target = DeltaTable.forPath(spark, tablePath).toDF();
        // A batch of empty files changes no key: nothing to read, only the watermark to record.
        List<AddFile> candidates = changes.keys() == 0 ? List.of() : candidates(txn, target, changes.keyRanges(), table);
        int maxSmall = maxSmallFiles(spark);
        // A table with fewer files than that cannot have too many small ones: no need to look at every file.
        List<AddFile> small = snapshot.numOfFiles() < maxSmall ? List.of() : smallFiles(txn, rowsPerFile);

        List<Column> keyAndOp = new ArrayList<>();
        table.primaryKey().forEach(k -> keyAndOp.add(SqlNames.column(k)));
        keyAndOp.add(col(FileLayout.OP));
        Dataset<Row> batchKeys = changes.lastChangePerKey().select(keyAndOp.toArray(Column[]::new));
        Dataset<Row> batchKeysToJoin = changes.keys() <= BROADCAST_KEYS ? broadcast(batchKeys) : batchKeys;
        boolean rewriteSmall = small.size() + (changes.upserts() > 0 ? 1 : 0) > maxSmall;
        Set<String> rewritten = new HashSet<>();
        if (rewriteSmall) {
            small.forEach(f -> rewritten.add(f.path()));
        }
        CandidateFiles files = new CandidateFiles(log, candidates, rewritten);
        Dataset<Row> matched = files.attachTo(spark, matchedRows(spark, log, snapshot,
                target.queryExecution().analyzed(), candidates, batchKeysToJoin, table))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> keptRows = null; // the small files' rows, cached while they are counted and written
        try {
            MatchCounts counts = MatchCounts.of(matched);
            counts.requireEveryRowInAFile(tablePath, matched);
            if (counts.rows() > changes.keys()) {
                throw TableIntegrityException.duplicateKeys(tablePath, counts.rows(), changes.keys(),
                        duplicateKeys(scan(spark, log, snapshot, target.queryExecution().analyzed(), candidates),
                                batchKeysToJoin, table));
            }
            long matchedRows = counts.rows();
            long matchedDeletes = counts.deletes();
            Dataset<Row> newRows = changes.lastChangePerKey()
                    .filter(col(FileLayout.OP).notEqual(Operation.DELETE.code()))
                    .select(columns.stream().map(SqlNames::column).toArray(Column[]::new));
            long upserts = changes.upserts();

            List<Action> actions = new ArrayList<>();
            long now = System.currentTimeMillis();
            long copied = 0;
            Dataset<Row> written = newRows;
            if (rewriteSmall) {
                // The small files' live rows, less the keys this batch changes, go into one file with the new rows.
                Dataset<Row> kept = scan(spark, log, snapshot, target.queryExecution().analyzed(), small).as("kept")
                        .join(batchKeys.as("batch"), joinCondition(table, "kept", "batch"), "left_anti");
                keptRows = kept.select(columns.stream().map(SqlNames::column).toArray(Column[]::new))
                        .persist(StorageLevel.MEMORY_AND_DISK());
                copied = keptRows.count();
                written = keptRows.unionByName(newRows);
                small.forEach(f -> actions.add(f.removeWithTimestamp(now, true)));
            }
            MarkedRows vectors = deletionVectors(spark, log, txn, snapshot, files, CandidateFiles.inVectors(matched));
            // Every matched row is either marked in a vector or gone with its rewritten file: none is left live.
            if (vectors.rows() + counts.inRewrittenFiles() != matchedRows) {
                throw TableIntegrityException.unaccounted(tablePath, matchedRows, vectors.rows(),
                        counts.inRewrittenFiles());
            }
            actions.addAll(vectors.actions());
            long toWrite = upserts + copied;
            int added = 0;
            if (toWrite > 0) {
                Dataset<Row> laidOut = FullLoadWriter.byKeyRanges(written, toWrite, table.primaryKey());
                List<FileAction> newFiles = seq(txn.writeFiles(laidOut));
                added = newFiles.size();
                actions.addAll(newFiles);
            }
            actions.add(new SetTransaction(DeltaCommits.APP_ID, watermark, Option.apply((Object) now)));
            Map<DeltaMetric, Long> metrics = new java.util.EnumMap<>(DeltaMetric.class);
            metrics.put(DeltaMetric.SOURCE_ROWS, changes.keys());
            metrics.put(DeltaMetric.TARGET_ROWS_UPDATED, matchedRows - matchedDeletes);
            metrics.put(DeltaMetric.TARGET_ROWS_DELETED, matchedDeletes);
            metrics.put(DeltaMetric.TARGET_ROWS_INSERTED, upserts - (matchedRows - matchedDeletes));
            metrics.put(DeltaMetric.TARGET_ROWS_COPIED, copied);
            metrics.put(DeltaMetric.TARGET_FILES_ADDED, (long) added);
            metrics.put(DeltaMetric.TARGET_FILES_REMOVED, rewriteSmall ? (long) small.size() : 0L);
            // Each touched file is removed and added again with its new vector.
            metrics.put(DeltaMetric.TARGET_DELETION_VECTORS_ADDED,
                    vectors.actions().stream().filter(a -> a instanceof AddFile).count());
            registerMetrics(spark, txn, metrics); // before the commit, so that DESCRIBE HISTORY shows them
            CrashPoints.reach("before-targeted-commit");
            long version = io.dmsdelta.spark.SessionSettings.with(spark, Map.of(DeltaCommits.USER_METADATA,
                    metadata.toJson()), () -> txn.commit(JavaConverters.asScalaBuffer(actions).toSeq(),
                            new DeltaOperations.Merge(Option.empty(), Option.empty(), Option.empty(), Option.empty(),
                                    JavaConverters.asScalaBuffer(new ArrayList<DeltaOperations.MergePredicate>()).toSeq(),
                                    JavaConverters.asScalaBuffer(new ArrayList<DeltaOperations.MergePredicate>()).toSeq(),
                                    JavaConverters.asScalaBuffer(new ArrayList<DeltaOperations.MergePredicate>()).toSeq())));
            Map<String, String> byName = new HashMap<>();
            metrics.forEach((metric, value) -> byName.put(metric.deltaName(), Long.toString(value)));
            return Optional.of(new DeltaCommits.Commit(version, byName));
        } finally {
            matched.unpersist(false);
            if (keptRows != null) {
                keptRows.unpersist(false);
            }
        }
    }

    /** The batch's metrics as Delta's MERGE registers its own: the commit records them as its operation metrics. */
    private static void registerMetrics(SparkSession spark, OptimisticTransaction txn, Map<DeltaMetric, Long> metrics) {
        Map<String, SQLMetric> sqlMetrics = new HashMap<>();
        metrics.forEach((metric, value) -> {
            SQLMetric sqlMetric = SQLMetrics.createMetric(spark.sparkContext(), metric.deltaName());
            sqlMetric.set(value);
            sqlMetrics.put(metric.deltaName(), sqlMetric);
        });
        txn.registerSQLMetrics(spark, JavaConverters.mapAsScalaMap(sqlMetrics).toMap(scala.Predef.$conforms()));
    }

    /** The table's files with fewer than half a full load's rows per file, every file recorded as read. */
    private static List<AddFile> smallFiles(OptimisticTransaction txn, long rowsPerFile) {
        long smallBelow = Math.max(1, rowsPerFile / 2);
        return seq(txn.filterFiles(JavaConverters.asScalaBuffer(new ArrayList<Expression>()).toSeq(), true)).stream()
                .filter(f -> f.numLogicalRecords().isDefined() && (Long) f.numLogicalRecords().get() < smallBelow)
                .toList();
    }

    private static int maxSmallFiles(SparkSession spark) {
        String setting = spark.conf().get(MAX_SMALL_FILES, Integer.toString(DEFAULT_MAX_SMALL_FILES)).trim();
        try {
            int value = Integer.parseInt(setting);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new io.dmsdelta.config.ConfigException("The Spark setting " + MAX_SMALL_FILES + " is '" + setting
                + "'; it must be a whole number of files, at least 1 (default " + DEFAULT_MAX_SMALL_FILES + ").");
    }

    /** The files whose key statistics overlap the batch's key ranges (Delta's data skipping), recorded as read. */
    private static List<AddFile> candidates(OptimisticTransaction txn, Dataset<Row> target, KeyRanges ranges,
                                            TableDefinition table) {
        Column bound = lit(true);
        for (KeyRanges.Range range : ranges.ranges()) {
            bound = bound.and(SqlNames.column(range.column()).between(lit(range.min()), lit(range.max())));
        }
        LogicalPlan filtered = target.filter(bound).queryExecution().analyzed();
        Expression condition = ((Filter) filtered).condition();
        return seq(txn.filterFiles(JavaConverters.asScalaBuffer(List.of(condition)).toSeq(), true));
    }

    /** The live rows of {@code files}, with {@code _metadata}: a Delta scan, so earlier deletion vectors apply. */
    private static Dataset<Row> scan(SparkSession spark, DeltaLog log, Snapshot snapshot, LogicalPlan target,
                                     List<AddFile> files) {
        TahoeBatchFileIndex index = new TahoeBatchFileIndex(spark, "merge", JavaConverters.asScalaBuffer(files).toSeq(),
                log, log.dataPath(), snapshot, false);
        return DMLWithDeletionVectorsHelper.createTargetDfForScanningForMatches(spark, target, index);
    }

    /**
     * The live rows of the candidate files whose key the batch changes: their file, row position and the change's
     * operation. Only the key columns are read.
     */
    private static Dataset<Row> matchedRows(SparkSession spark, DeltaLog log, Snapshot snapshot, LogicalPlan target,
                                            List<AddFile> candidates, Dataset<Row> batchKeys, TableDefinition table) {
        boolean metadataRowIndex = Boolean.parseBoolean(spark.conf().get(USE_METADATA_ROW_INDEX, "true"));
        Column rowIndex = metadataRowIndex ? col("_metadata.row_index")
                : col(org.apache.spark.sql.delta.DeltaParquetFileFormat.ROW_INDEX_COLUMN_NAME());
        List<Column> keys = new ArrayList<>();
        table.primaryKey().forEach(k -> keys.add(SqlNames.column(k)));
        keys.add(col("_metadata.file_path").as(CandidateFiles.FILE));
        keys.add(rowIndex.as(CandidateFiles.ROW_INDEX));
        Dataset<Row> targetKeys = scan(spark, log, snapshot, target, candidates).select(keys.toArray(Column[]::new));
        return targetKeys.as("target").join(batchKeys.as("batch"), joinCondition(table, "target", "batch"))
                .select(col("target." + CandidateFiles.FILE).as(CandidateFiles.FILE),
                        col("target." + CandidateFiles.ROW_INDEX).as(CandidateFiles.ROW_INDEX),
                        col("batch." + FileLayout.OP).as(FileLayout.OP));
    }

    /**
     * Deletion vectors, written as Delta's DELETE writes them, and the log actions that re-add each touched file
     * with its vector.
     *
     * @param rows how many rows the vectors mark that were live before
     */
    private record MarkedRows(List<Action> actions, long rows) {
    }

    /**
     * Deletion vectors for the rows of {@code inVectors} ({@link CandidateFiles#inVectors}), merged with the vectors
     * their files have.
     */
    private static MarkedRows deletionVectors(SparkSession spark, DeltaLog log, OptimisticTransaction txn,
                                              Snapshot snapshot, CandidateFiles files, Dataset<Row> inVectors) {
        List<TouchedFileWithDV> touched = new ArrayList<>();
        long marked = 0;
        for (DeletionVectorResult result : seq(DeletionVectorBitmapGenerator.buildDeletionVectors(spark, inVectors, log, txn))) {
            TouchedFileWithDV one = new TouchedFileWithDV(result.filePath(), files.file(result.filePath()),
                    result.deletionVector(), result.matchedRowCount());
            if (!one.isUnchanged()) {
                touched.add(one);
                marked += one.numberOfModifiedRows();
            }
        }
        if (touched.isEmpty()) {
            return new MarkedRows(List.of(), 0);
        }
        Tuple2<Seq<FileAction>, scala.collection.immutable.Map<String, Object>> processed =
                DMLWithDeletionVectorsHelper.processUnmodifiedData(spark, JavaConverters.asScalaBuffer(touched).toSeq(),
                        snapshot);
        return new MarkedRows(new ArrayList<>(seq(processed._1())), marked);
    }

    /** Up to five keys the candidate files hold more than once among those the batch changes, with their counts. */
    private static List<String> duplicateKeys(Dataset<Row> candidateRows, Dataset<Row> batchKeys, TableDefinition table) {
        List<Column> keys = table.primaryKey().stream().map(k -> col("target." + SqlNames.quote(k))).toList();
        return candidateRows.as("target").join(batchKeys.as("batch"), joinCondition(table, "target", "batch"))
                .groupBy(keys.toArray(Column[]::new)).count().filter(col("count").gt(1)).limit(5).collectAsList()
                .stream().map(row -> {
                    StringBuilder key = new StringBuilder();
                    for (int i = 0; i < table.primaryKey().size(); i++) {
                        key.append(i == 0 ? "" : ", ").append(table.primaryKey().get(i)).append('=').append(row.get(i));
                    }
                    return key + " in " + row.getLong(table.primaryKey().size()) + " rows";
                }).toList();
    }

    /** Every key column of {@code left} equal to {@code right}'s. */
    private static Column joinCondition(TableDefinition table, String left, String right) {
        Column on = lit(true);
        for (String key : table.primaryKey()) {
            on = on.and(col(left + "." + SqlNames.quote(key)).equalTo(col(right + "." + SqlNames.quote(key))));
        }
        return on;
    }

    private static <T> List<T> seq(Seq<? extends T> seq) {
        return new ArrayList<>(JavaConverters.seqAsJavaList(seq));
    }
}
