package io.dmsdelta.merge;

import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.changeset.KeyRanges;
import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.delta.Commit;
import io.dmsdelta.delta.CommitOperation;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaMetric;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.DeltaTransaction;
import io.dmsdelta.delta.MarkedRows;
import io.dmsdelta.delta.TableChange;
import io.dmsdelta.delta.TableFile;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.delta.WrittenFiles;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.report.Phases;
import io.dmsdelta.spark.SessionSettings;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;
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
 * there would be more than {@link DmsDeltaSettings#maxSmallFiles()}, together with this batch, so the table keeps
 * its full load's key-range files plus a few small ones.
 *
 * <p>The batch is one commit of {@link DeltaCommitter}, built in four named, timed phases: <b>candidates</b> (the
 * files whose key statistics overlap the batch, and the small files), <b>matches</b> (their live rows whose key the
 * batch changes, counted and checked), <b>vectors</b> (the deletion vectors marking them) and <b>writes</b> (the new
 * rows, with a rewrite's kept rows). Before the commit it checks that no matched row is lost on the way
 * ({@link CandidateFiles}, {@link MatchCounts}): each found its file, there are no more of them than the batch has
 * keys, and each is marked in a vector or in a rewritten file; else it throws {@link TableIntegrityException} and
 * nothing is written.
 */
public final class DeletionVectorApply {

    /**
     * Up to this many keys a batch's keys are broadcast to the scan of the table's key column (the usual minute's
     * file); a larger batch (a backlog) is joined by shuffling, so its change data never passes through the driver.
     */
    static final long BROADCAST_KEYS = 100_000;

    private static final String STORED_SEQUENCE = "__stored_sequence";
    private static final String CHANGE_SEQUENCE = "__change_sequence";

    /** Only the explicit broadcast of a small batch's keys: Spark's own would also take a backlog's. */
    private static final Map<String, String> NO_AUTOMATIC_BROADCAST = Map.of("spark.sql.autoBroadcastJoinThreshold",
            "-1", "spark.sql.adaptive.autoBroadcastJoinThreshold", "-1");

    /**
     * A batch matched in the driver also goes without adaptive execution: its queries have no shuffle to adapt (keys
     * broadcast, one file written or explicit ranges), and adaptive execution would plan each of them again after its
     * broadcast, a cost paid per table.
     */
    private static final Map<String, String> SMALL_BATCH = java.util.stream.Stream.concat(
            NO_AUTOMATIC_BROADCAST.entrySet().stream(), Map.of("spark.sql.adaptive.enabled", "false").entrySet().stream())
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final DeltaTransaction txn;
    private final CompactedChanges changes;
    private final TableDefinition table;
    private final List<String> columns;
    private final DmsDeltaSettings limits;
    private final Phases phases;
    /** The table's sequence column when its source delivers at least once: stale changes are dropped. */
    private final Optional<String> sequence;
    private final Dataset<Row> batchKeys;

    private DeletionVectorApply(DeltaTransaction txn, CompactedChanges changes, TableDefinition table,
                                List<String> columns, DmsDeltaSettings limits, Phases phases) {
        this.txn = txn;
        this.changes = changes;
        this.table = table;
        this.columns = columns;
        this.limits = limits;
        this.phases = phases;
        this.sequence = table.source().sequenceColumn();
        this.batchKeys = keysOf(changes);
    }

    /**
     * @param watermark    the batch's watermark move, checked and recorded by the commit
     * @param userMetadata dms-delta's record of the commit
     * @param phases       where the phases' times go (and the commit's, as {@code commit})
     * @param beforeCommit run once the commit is built, before it is made: what must be durable first
     * @return the commit with the batch's counts, or empty when the table already records this or a later watermark
     * @throws io.dmsdelta.delta.ConcurrentRunException when another run applied files since this batch was planned
     */
    public static Optional<Commit> apply(DeltaTableHandle target, CompactedChanges changes, TableDefinition table,
                                         List<String> columns, WatermarkChange.Advance watermark, String userMetadata,
                                         DmsDeltaSettings limits, Phases phases, Runnable beforeCommit) {
        requireNonNull(phases, "phases");
        long[] built = new long[1];
        long started = System.nanoTime();
        Map<String, String> settings = changes.keys() <= limits.driverBatchKeys() ? SMALL_BATCH : NO_AUTOMATIC_BROADCAST;
        Optional<Commit> commit = SessionSettings.with(target.spark(), settings, () ->
                DeltaCommitter.commit(target, watermark, userMetadata, txn -> {
                    TableChange change = new DeletionVectorApply(txn, changes, table, columns, limits, phases).change();
                    built[0] = System.nanoTime();
                    beforeCommit.run();
                    return change;
                }));
        phases.add("commit", (System.nanoTime() - (built[0] == 0 ? started : built[0])) / 1_000_000);
        return commit;
    }

    /** The files the batch reads, and the small ones it rewrites. */
    private record Candidates(List<TableFile> files, List<TableFile> rewritten) {
    }

    /** The matched rows with their files, kept while they are counted and marked. */
    private record Matches(CandidateFiles files, MatchedRows rows) {
        MatchCounts counts() {
            return rows.counts();
        }
    }

    /**
     * The changes the batch applies: all of them, or, when the table holds some keys at the same or a newer sequence
     * (an event delivered again, or late), those less the stale ones, materialized until the commit is built.
     */
    private record Applied(CompactedChanges changes, Dataset<Row> keys, boolean narrowed) {
        void release() {
            if (narrowed) {
                changes.close();
            }
        }
    }

    /** What the writes phase wrote: new rows, with the rewritten small files' kept rows. */
    private record Written(WrittenFiles files, long copied) {
    }

    private TableChange change() {
        Candidates candidates = phases.time("candidates", this::candidates);
        Matches matches = phases.time("matches", () -> matches(candidates));
        Applied applied;
        try {
            applied = matches.counts().stale() == 0 ? new Applied(changes, batchKeys, false) : withoutStale(matches);
        } catch (RuntimeException e) {
            matches.rows().release();
            throw e;
        }
        MarkedRows vectors;
        Written written;
        try {
            try {
                vectors = phases.time("vectors", () -> vectors(matches));
            } finally {
                matches.rows().release();
            }
            written = phases.time("writes", () -> write(candidates, applied));
        } finally {
            applied.release();
        }
        MatchCounts counts = matches.counts();
        Map<DeltaMetric, Long> metrics = new EnumMap<>(DeltaMetric.class);
        metrics.put(DeltaMetric.SOURCE_ROWS, applied.changes().keys());
        metrics.put(DeltaMetric.SOURCE_ROWS_STALE, counts.stale());
        metrics.put(DeltaMetric.TARGET_ROWS_UPDATED, counts.applied() - counts.deletes());
        metrics.put(DeltaMetric.TARGET_ROWS_DELETED, counts.deletes());
        metrics.put(DeltaMetric.TARGET_ROWS_INSERTED, applied.changes().upserts() - (counts.applied() - counts.deletes()));
        metrics.put(DeltaMetric.TARGET_ROWS_COPIED, written.copied());
        metrics.put(DeltaMetric.TARGET_FILES_ADDED, (long) written.files().count());
        metrics.put(DeltaMetric.TARGET_FILES_REMOVED, (long) candidates.rewritten().size());
        metrics.put(DeltaMetric.TARGET_DELETION_VECTORS_ADDED, vectors.files());
        return TableChange.of(new CommitOperation.TargetedMerge()).marking(vectors).adding(written.files())
                .removing(candidates.rewritten()).withMetrics(metrics);
    }

    private Candidates candidates() {
        // A batch of empty files changes no key: nothing to read, only the watermark to record.
        List<TableFile> files = changes.keys() == 0 ? List.of() : txn.filesWithKeysIn(changes.keyRanges());
        int maxSmall = limits.maxSmallFiles();
        // A table with fewer files than that cannot have too many small ones: no need to look at every file.
        List<TableFile> small = txn.table().numberOfFiles() < maxSmall ? List.of() : smallFiles();
        boolean rewrite = small.size() + (changes.upserts() > 0 ? 1 : 0) > maxSmall;
        return new Candidates(files, rewrite ? small : List.of());
    }

    /** The table's files with fewer than half a full load's rows per file, every file recorded as read. */
    private List<TableFile> smallFiles() {
        long smallBelow = Math.max(1, limits.rowsPerFile() / 2);
        return txn.allFiles().stream().filter(f -> f.liveRows().isPresent() && f.liveRows().getAsLong() < smallBelow)
                .toList();
    }

    private Matches matches(Candidates candidates) {
        Set<String> rewritten = candidates.rewritten().stream().map(TableFile::path).collect(Collectors.toSet());
        CandidateFiles files = new CandidateFiles(candidates.files(), rewritten);
        SparkSession spark = txn.table().spark();
        MatchedRows rows = MatchedRows.of(spark, files.attachTo(spark, matchedRows(candidates.files())),
                changes.keys() <= limits.driverBatchKeys());
        try {
            MatchCounts counts = rows.counts();
            counts.requireEveryRowInAFile(txn.table().path(), rows::pathWithoutFile);
            if (counts.rows() > changes.keys()) {
                throw TableIntegrityException.duplicateKeys(txn.table().path(), counts.rows(), changes.keys(),
                        duplicateKeys(txn.scan(candidates.files())));
            }
            return new Matches(files, rows);
        } catch (RuntimeException e) {
            rows.release();
            throw e;
        }
    }

    /**
     * The live rows of the candidate files whose key the batch changes: their key, file, row position, the change's
     * operation and whether the change is {@link MatchCounts#STALE}. Only the key columns are read, and the sequence
     * column of a source that delivers at least once: a change applies only if its sequence is above the stored
     * row's, so a row never moves backwards.
     */
    private Dataset<Row> matchedRows(List<TableFile> candidates) {
        List<Column> read = new ArrayList<>(keyColumns());
        read.add(col(CandidateFiles.FILE));
        read.add(col(CandidateFiles.ROW_INDEX));
        sequence.ifPresent(s -> read.add(SqlNames.column(s).as(STORED_SEQUENCE)));
        Dataset<Row> targetKeys = txn.scan(candidates).select(read.toArray(Column[]::new));
        Column stale = sequence.isEmpty() ? lit(false) : col("target." + STORED_SEQUENCE).isNotNull()
                .and(col("batch." + CHANGE_SEQUENCE).leq(col("target." + STORED_SEQUENCE)));
        List<Column> out = new ArrayList<>(table.primaryKey().stream()
                .map(k -> col("target." + SqlNames.quote(k)).as(k)).toList());
        out.add(col("target." + CandidateFiles.FILE).as(CandidateFiles.FILE));
        out.add(col("target." + CandidateFiles.ROW_INDEX).as(CandidateFiles.ROW_INDEX));
        out.add(col("batch." + FileLayout.OP).as(FileLayout.OP));
        out.add(stale.as(MatchCounts.STALE));
        return targetKeys.as("target").join(toJoin(batchKeys).as("batch"), joinCondition("target", "batch"))
                .select(out.toArray(Column[]::new));
    }

    /**
     * The batch less the changes the table already holds at the same or a newer sequence, materialized: the matched
     * rows it is computed from are released before the writes.
     */
    private Applied withoutStale(Matches matches) {
        List<Column> keys = table.primaryKey().stream().map(k -> SqlNames.column(k).as(k)).toList();
        Dataset<Row> stale = matches.rows().staleKeys(keys);
        Dataset<Row> fresh = changes.lastChangePerKey().join(toJoin(stale),
                scala.collection.JavaConverters.asScalaBuffer(table.primaryKey()).toList(), "left_anti")
                .localCheckpoint(true);
        CompactedChanges narrowed = changes.withChanges(fresh, ((LogicalRDD) fresh.queryExecution().analyzed()).rdd(),
                changes.keys() - matches.counts().stale(), changes.upserts() - matches.counts().staleUpserts());
        return new Applied(narrowed, keysOf(narrowed), true);
    }

    /** Deletion vectors for the matched rows not in rewritten files; each matched row must end up marked or rewritten. */
    private MarkedRows vectors(Matches matches) {
        MarkedRows vectors = matches.rows().markDeleted(txn, matches.files().byScanPath());
        if (vectors.rows() + matches.counts().inRewrittenFiles() != matches.counts().applied()) {
            throw TableIntegrityException.unaccounted(txn.table().path(), matches.counts().applied(), vectors.rows(),
                    matches.counts().inRewrittenFiles());
        }
        return vectors;
    }

    /** The batch's new rows and, when small files are rewritten, their live rows less the keys the batch changes. */
    private Written write(Candidates candidates, Applied applied) {
        CompactedChanges changes = applied.changes();
        Column[] tableColumns = columns.stream().map(SqlNames::column).toArray(Column[]::new);
        Dataset<Row> newRows = changes.lastChangePerKey().filter(col(FileLayout.OP).notEqual(Operation.DELETE.code()))
                .select(tableColumns);
        if (candidates.rewritten().isEmpty()) {
            return new Written(changes.upserts() == 0 ? WrittenFiles.none()
                    : txn.write(FullLoadWriter.byKeyRanges(newRows, changes.upserts(), table.primaryKey(),
                    limits.rowsPerFile())), 0);
        }
        // A stale change's key keeps its row: only the applied changes' keys leave the rewritten files.
        Dataset<Row> kept = txn.scan(candidates.rewritten()).as("kept")
                .join(applied.keys().as("batch"), joinCondition("kept", "batch"), "left_anti").select(tableColumns)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long copied = kept.count();
            long rows = copied + changes.upserts();
            return new Written(rows == 0 ? WrittenFiles.none() : txn.write(FullLoadWriter.byKeyRanges(
                    kept.unionByName(newRows), rows, table.primaryKey(), limits.rowsPerFile())), copied);
        } finally {
            kept.unpersist(false);
        }
    }

    /** Up to five keys the candidate files hold more than once among those the batch changes, with their counts. */
    private List<String> duplicateKeys(Dataset<Row> candidateRows) {
        List<Column> keys = table.primaryKey().stream().map(k -> col("target." + SqlNames.quote(k))).toList();
        return candidateRows.as("target").join(toJoin(batchKeys).as("batch"), joinCondition("target", "batch"))
                .groupBy(keys.toArray(Column[]::new)).count().filter(col("count").gt(1)).limit(5).collectAsList()
                .stream().map(row -> {
                    StringBuilder key = new StringBuilder();
                    for (int i = 0; i < table.primaryKey().size(); i++) {
                        key.append(i == 0 ? "" : ", ").append(table.primaryKey().get(i)).append('=').append(row.get(i));
                    }
                    return key + " in " + row.getLong(table.primaryKey().size()) + " rows";
                }).toList();
    }

    /** The batch's keys with each change's operation and, for a sequenced source, its sequence. */
    private Dataset<Row> keysOf(CompactedChanges batch) {
        List<Column> keyAndOp = new ArrayList<>(keyColumns());
        keyAndOp.add(col(FileLayout.OP));
        sequence.ifPresent(s -> keyAndOp.add(SqlNames.column(s).as(CHANGE_SEQUENCE)));
        return batch.lastChangePerKey().select(keyAndOp.toArray(Column[]::new));
    }

    /** {@code keys} (at most the batch's) as a join takes them: broadcast when the batch is small. */
    private Dataset<Row> toJoin(Dataset<Row> keys) {
        return changes.keys() <= BROADCAST_KEYS ? broadcast(keys) : keys;
    }

    private List<Column> keyColumns() {
        return table.primaryKey().stream().map(SqlNames::column).toList();
    }

    /** Every key column of {@code left} equal to {@code right}'s. */
    private Column joinCondition(String left, String right) {
        Column on = lit(true);
        for (String key : table.primaryKey()) {
            on = on.and(col(left + "." + SqlNames.quote(key)).equalTo(col(right + "." + SqlNames.quote(key))));
        }
        return on;
    }
}
