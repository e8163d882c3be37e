package io.dmsdelta.pipeline.steps;

import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.changeset.EventCompaction;
import io.dmsdelta.delta.Commit;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaMetric;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.merge.ChangeMerger;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.DeletionVectorApply;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.merge.SequenceGuard;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.merge.Tombstones;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.Phases;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.SyncPhase;
import io.dmsdelta.source.events.EventChangeSource;
import io.dmsdelta.source.events.EventFile;
import io.dmsdelta.spark.SessionSettings;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * Applies a batch of event files of a source that delivers at least once (Debezium), in one commit of the table:
 * <ol>
 *   <li><b>read</b>: the files' records typed into change rows, and compacted to each key's newest change by
 *       sequence, changes older than the key's tombstone or a truncate dropped;</li>
 *   <li><b>truncate</b>: when the batch truncates, its tombstones recorded, then the rows older than the truncate
 *       removed (a commit of its own that keeps the watermark: a rerun removes nothing more);</li>
 *   <li><b>guard</b>: changes not newer than the stored row dropped, left-out columns taken from it
 *       ({@link SequenceGuard}); the targeted apply drops them in its own scan when no change leaves a column out;</li>
 *   <li><b>record-tombstones</b>: the batch's deletes recorded in the companion table, on a thread of their own while
 *       the commit below is built, and before it is made (facts of the source: harmless if the commit never
 *       happens);</li>
 *   <li>the commit, with the watermark and the names of the recent files: the targeted apply or Delta's MERGE as for
 *       DMS files (a new table is first created empty, in a commit of its own).</li>
 * </ol>
 */
public final class ApplyEvents implements StepRunner<SyncStep.ApplyEvents> {

    /**
     * Typing an event checks every field in many ways; Spark's optimizer then spends minutes inferring constraints
     * from those expressions (a cost that grows with their square) for nothing: no filter gains from them.
     */
    private static final Map<String, String> NO_CONSTRAINT_PROPAGATION =
            Map.of("spark.sql.constraintPropagation.enabled", "false");

    private final StepContext context;
    private final EventChangeSource source;
    private final Phases syncPhases;

    /** @param syncPhases the table's sync's phases, where the batch's read and commit go */
    public ApplyEvents(StepContext context, EventChangeSource source, Phases syncPhases) {
        this.context = requireNonNull(context, "context");
        this.source = requireNonNull(source, "source");
        this.syncPhases = requireNonNull(syncPhases, "syncPhases");
    }

    @Override
    public StepOutcome run(SyncStep.ApplyEvents step, long listedUpTo, TrailingGroups previous) {
        long started = System.nanoTime();
        List<EventFile> files = step.files();
        context.progress("applying " + files.size() + " event file" + (files.size() == 1 ? "" : "s") + " ("
                + byPartition(files) + ")" + (step.chunks() > 1 ? ", batch " + step.chunk() + " of " + step.chunks() : "")
                + ", in one commit");
        String runId = UUID.randomUUID().toString();
        Phases phases = new Phases();
        Tombstones tombstones = new Tombstones(context.spark(), context.table(), context.target());
        Optional<Dataset<Row>> known = phases.time("tombstones", tombstones::read);
        Dataset<Row> rows = source.read(context.spark(), files);
        try (EventCompaction.Compacted compacted = phases.time("read", () -> SessionSettings.with(context.spark(),
                NO_CONSTRAINT_PROPAGATION, () -> new EventCompaction(context.table()).compact(rows, known, false)))) {
            EventCompaction.Counts counts = compacted.counts();
            long readMs = (System.nanoTime() - started) / 1_000_000;
            syncPhases.add(SyncPhase.READ, readMs);
            context.progress("read " + counts.rows() + " records, " + compacted.changes().keys() + " keys changed: "
                    + Progress.rate(counts.rows(), readMs));
            CrashPoints.reach("after-reading-changes");
            long from = step.fromWatermark();
            if (from == SyncStep.NO_TABLE) {
                // Created empty in a commit of its own, once the batch is known to be good, so that its tombstones can
                // be recorded in its folder before the batch's commit, as for every later batch. A crash after it
                // leaves an empty table at watermark 0, which the next run applies every file to.
                phases.time("create", this::createEmpty);
                from = 0;
            }
            List<String> warnings = new ArrayList<>();
            if (counts.truncatedAt().isPresent()) {
                // The truncate's own commit follows its tombstone: both before the batch's commit.
                phases.time("record-tombstones", () -> {
                    tombstones.record(deletes(compacted.changes()), counts.truncatedAt(), runId);
                    return null;
                });
                phases.time("truncate", () -> truncate(counts.truncatedAt().get(), runId));
                warnings.add("the source truncated the table: rows older than the truncate were removed");
            }
            EvolveSchema.Alignment aligned = phases.time("align", () -> EvolveSchema.alignWithDefinition(context));
            warnings.addAll(aligned.warnings());
            DeltaTableHandle table = aligned.table();
            long startedFrom = from;
            // The targeted apply compares sequences in its own scan of the keys; the guard's scan is needed only for
            // Delta's MERGE, and for changes that leave out a column the stored row (or an old key) must supply.
            boolean guardedByApply = table.deletionVectorsEnabled() && counts.withLeftOut() == 0;
            // The deletes' tombstones are appended while the batch's commit is built, which waits for them; on a
            // failure the append ends (closed first) before the changes it reads are released.
            try (SequenceGuard.Resolved guarded = guardedByApply ? SequenceGuard.Resolved.byTheApply(compacted.changes())
                    : phases.time("guard", () -> SequenceGuard.resolve(table, compacted.changes(), context.table(),
                    counts.withLeftOut() > 0));
                 Tombstones.Recording recording = counts.deletes() > 0 && counts.truncatedAt().isEmpty()
                         ? tombstones.recordInBackground(deletes(compacted.changes()), Optional.empty(), runId,
                         ms -> phases.add("record-tombstones", ms)) : Tombstones.Recording.NONE) {
                CommitMetadata metadata = new CommitMetadata(runId, CommitKind.CDC, files.size(), files.get(0).name(),
                        files.get(files.size() - 1).name(), listedUpTo, null, step.recentFiles());
                CrashPoints.reach("before-merge");
                long committing = System.currentTimeMillis();
                Optional<Commit> commit = commit(new WatermarkChange.Advance(startedFrom, step.toWatermark()), table,
                        guarded.changes(), metadata, phases, recording::await);
                long commitMs = System.currentTimeMillis() - committing;
                syncPhases.add(SyncPhase.COMMIT, ApplyChanges.committed(phases));
                CrashPoints.reach("after-merge-commit");
                if (guarded.placeholdersMissing() > 0) {
                    warnings.add(guarded.placeholdersMissing() + " value(s) the source left out (unchanged TOAST) of"
                            + " keys the table does not hold were stored as NULL");
                }
                if (commit.isEmpty()) {
                    return new StepOutcome.AlreadyApplied(step.reported(), warnings);
                }
                Commit c = commit.get();
                long stale = guarded.stale() + c.metric(DeltaMetric.SOURCE_ROWS_STALE);
                EventFacts events = new EventFacts(byPartitionCounts(files), counts.skipped(), counts.duplicates(),
                        stale, counts.superseded(), guarded.placeholdersKept(),
                        counts.truncatedAt().isPresent() ? 1 : 0);
                StepOutcome.Applied applied = new StepOutcome.Applied(step.reported(), counts.rows(),
                        c.metric(DeltaMetric.SOURCE_ROWS), c.metric(DeltaMetric.TARGET_ROWS_INSERTED),
                        c.metric(DeltaMetric.TARGET_ROWS_UPDATED), c.metric(DeltaMetric.TARGET_ROWS_DELETED),
                        counts.badRows(), Optional.empty(), c.version(), TrailingGroups.NONE,
                        new StepOutcome.Written(c.metric(DeltaMetric.TARGET_ROWS_COPIED),
                                c.metric(DeltaMetric.TARGET_FILES_ADDED), c.metric(DeltaMetric.TARGET_FILES_REMOVED),
                                c.metric(DeltaMetric.TARGET_DELETION_VECTORS_ADDED)), readMs, commitMs, phases.millis(),
                        warnings, Optional.of(events));
                context.progress("committed Delta version " + c.version() + ": " + applied.inserted() + " inserted, "
                        + applied.updated() + " updated, " + applied.deleted() + " deleted; dropped "
                        + (stale + counts.superseded()) + " change(s) the table already had or a tombstone"
                        + " superseded; " + Progress.rate(counts.rows(), (System.nanoTime() - started) / 1_000_000));
                return applied;
            }
        }
    }

    /**
     * The batch's commit: the targeted apply, or Delta's MERGE for a table without deletion vectors.
     *
     * @param beforeCommit what must be done before the table's commit (the tombstones recorded)
     */
    private Optional<Commit> commit(WatermarkChange.Advance watermark, DeltaTableHandle target, CompactedChanges changes,
                                    CommitMetadata metadata, Phases phases, Runnable beforeCommit) {
        List<String> columns = context.table().storedColumns(Optional.empty());
        if (target.deletionVectorsEnabled()) {
            return DeletionVectorApply.apply(target, changes, context.table(), columns, watermark, metadata.toJson(),
                    context.limits(), phases, beforeCommit);
        }
        // Delta's MERGE commits inside the command: what must come first, comes before it.
        beforeCommit.run();
        return phases.time("merge", () -> DeltaCommitter.run(target, watermark, metadata.toJson(),
                () -> ChangeMerger.merge(target.deltaTable(), changes, changes.keyRanges(), context.table(), columns)));
    }

    /** Creates the table with no rows, watermark 0: nothing applied yet. */
    private Optional<Commit> createEmpty() {
        DeltaTableHandle target = DeltaTableHandle.open(context.spark(), context.target());
        org.apache.spark.sql.types.StructType schema = context.table().storedSchema(Optional.empty());
        Dataset<Row> none = context.spark().createDataFrame(List.of(), schema);
        return DeltaCommitter.run(target, new WatermarkChange.Advance(WatermarkChange.NO_TABLE, 0),
                "dms-delta: " + context.table().qualifiedName() + " created for its " + context.table().source().format()
                        + " events", () -> FullLoadWriter.write(none, 0, context.table().primaryKey(),
                        context.limits().rowsPerFile(), context.target(), createdWith(), false));
    }

    /** Removes the rows older than the batch's truncate. */
    private Optional<Commit> truncate(BigDecimal truncatedAt, String runId) {
        DeltaTableHandle target = DeltaTableHandle.open(context.spark(), context.target());
        Column older = SqlNames.column(context.table().source().sequenceColumn().orElseThrow()).lt(org.apache.spark.sql
                .functions.lit(truncatedAt));
        context.progress("the source truncated the table: removing the rows older than the truncate");
        return DeltaCommitter.run(target, new WatermarkChange.Keep(), "dms-delta: truncate at " + truncatedAt + " of "
                + runId, () -> target.deltaTable().delete(older));
    }

    /** The kept deletes' keys and sequences: the batch's new tombstones. */
    private Dataset<Row> deletes(CompactedChanges changes) {
        List<Column> columns = new ArrayList<>(context.table().primaryKey().stream().map(SqlNames::column).toList());
        columns.add(SqlNames.column(context.table().source().sequenceColumn().orElseThrow()));
        return changes.lastChangePerKey().filter(col(FileLayout.OP).equalTo(Operation.DELETE.code()))
                .select(columns.toArray(Column[]::new));
    }

    /** The properties a table created from events gets: as a full load's, its source in place of the LOAD set. */
    private Map<String, String> createdWith() {
        Map<String, String> properties = new HashMap<>();
        properties.put(TableState.LOAD_SET_PROPERTY, context.table().source().format());
        properties.put(DeltaTableHandle.DELETION_VECTORS, Boolean.toString(context.table().deletionVectorsWhenCreated()));
        properties.put(DeltaTableHandle.ISOLATION_LEVEL, "Serializable");
        return properties;
    }

    private static Map<String, Integer> byPartitionCounts(List<EventFile> files) {
        Map<String, Integer> counts = new TreeMap<>();
        files.forEach(f -> counts.merge(Integer.toString(f.partition()), 1, Integer::sum));
        return counts;
    }

    private static String byPartition(List<EventFile> files) {
        Map<String, Integer> counts = byPartitionCounts(files);
        if (counts.size() == 1 && counts.containsKey(Integer.toString(EventFile.NO_PARTITION))) {
            return "no partitions";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((p, n) -> parts.add("partition " + p + ": " + n));
        return String.join(", ", parts);
    }
}
