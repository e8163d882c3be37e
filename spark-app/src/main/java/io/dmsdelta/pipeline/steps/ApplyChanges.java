package io.dmsdelta.pipeline.steps;

import io.delta.tables.DeltaTable;
import io.dmsdelta.changeset.ChangeSet;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.DmsFileReader;
import io.dmsdelta.dms.ReadPlan;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.merge.ChangeMerger;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.ConcurrentRunException;
import io.dmsdelta.merge.DeltaCommits;
import io.dmsdelta.merge.DeletionVectorApply;
import io.dmsdelta.merge.DeltaMetric;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.report.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a batch of CDC files with one MERGE: the files are read, checked and compacted to the last change per key
 * in one pass, bad rows set aside first if there is a quarantine, the columns the definition gained added once the
 * batch is known to be good, and the MERGE committed with the batch's watermark.
 */
public final class ApplyChanges implements StepRunner<SyncStep.Apply> {

    private final StepContext context;

    public ApplyChanges(StepContext context) {
        this.context = context;
    }

    /**
     * The batch's one commit: on a table with deletion vectors, {@link DeletionVectorApply} (its cost follows the
     * changes); otherwise Delta's MERGE ({@link ChangeMerger}), which rewrites the files the batch touches.
     *
     * @param deletionVectors whether the table uses deletion vectors, as aligning it with its definition found
     * @return empty when another run had committed the batch
     * @throws ConcurrentRunException when another run applied files since the batch was planned
     */
    private Optional<DeltaCommits.Commit> commit(SyncStep.Apply step, CompactedChanges compacted, CommitMetadata metadata,
                                                 boolean deletionVectors) {
        List<String> columns = context.table().storedColumns(context.settings().timestampColumnName());
        if (deletionVectors) {
            return DeletionVectorApply.apply(context.spark(), context.target(), compacted, context.table(), columns,
                    step.toWatermark(), step.fromWatermark(), metadata, FullLoadWriter.rowsPerFile(context.spark()));
        }
        if (TableState.watermark(context.spark(), context.target()) != step.fromWatermark()) {
            // Applying now would apply again files another run has just committed: plan afresh instead.
            throw new ConcurrentRunException("another run applied CDC files to the table while this run was"
                    + " reading its batch", null);
        }
        return DeltaCommits.commit(context.spark(), context.target(), step.toWatermark(), metadata,
                () -> ChangeMerger.merge(DeltaTable.forPath(context.spark(), context.target()), compacted,
                        compacted.keyRanges(), context.table(), columns));
    }

    @Override
    public StepOutcome run(SyncStep.Apply step, long listedUpTo, TrailingGroups previous) {
        long started = System.currentTimeMillis();
        List<DmsFile> files = step.files();
        DmsFile first = files.get(0);
        DmsFile last = files.get(files.size() - 1);
        context.progress("applying " + files.size() + " CDC file" + (files.size() == 1 ? ", " + first.name()
                : "s, " + first.name() + " to " + last.name())
                + (step.chunks() > 1 ? ", batch " + step.chunk() + " of " + step.chunks() : "") + ", in one commit");
        DmsFileReader reader = new DmsFileReader(context.spark(), context.storage(), context.table(), context.settings(),
                context.limits().maxValueChars());
        String runId = UUID.randomUUID().toString();
        ReadPlan plan = reader.plan(files, previous);
        try (ChangeSet changes = new ChangeSet(reader.read(plan), context.table(), context.settings().timestampColumnName(),
                DmsFileKind.CDC);
             CompactedChanges compacted = reader.reading(plan, () -> changes.compact(context.quarantine().isPresent()))) {
            ChangeSet.Counts counts = compacted.counts();
            Optional<String> quarantined = BadRows.quarantine(context, changes, counts, runId);
            List<String> warnings = new ArrayList<>(LoadTable.skippedColumns(reader));
            long readMs = System.currentTimeMillis() - started;
            context.progress("read and compacted to the last change per key: " + Progress.rate(counts.rows(), readMs));
            CrashPoints.reach("after-reading-changes");
            CommitMetadata metadata = new CommitMetadata(runId, CommitKind.CDC, files.size(), first.name(), last.name(),
                    listedUpTo, plan.lastGroups());
            EvolveSchema.Alignment aligned = EvolveSchema.alignWithDefinition(context); // now that the batch is good
            warnings.addAll(aligned.warnings());
            CrashPoints.reach("before-merge");
            long committing = System.currentTimeMillis();
            Optional<DeltaCommits.Commit> commit = commit(step, compacted, metadata, aligned.deletionVectors());
            long commitMs = System.currentTimeMillis() - committing;
            CrashPoints.reach("after-merge-commit");
            if (commit.isEmpty()) {
                return new StepOutcome.AlreadyApplied(files, warnings);
            }
            DeltaCommits.Commit c = commit.get();
            StepOutcome.Applied applied = new StepOutcome.Applied(files, counts.rows(), c.metric(DeltaMetric.SOURCE_ROWS),
                    c.metric(DeltaMetric.TARGET_ROWS_INSERTED), c.metric(DeltaMetric.TARGET_ROWS_UPDATED),
                    c.metric(DeltaMetric.TARGET_ROWS_DELETED), counts.badRows(), quarantined, c.version(),
                    plan.lastGroups(), new StepOutcome.Written(c.metric(DeltaMetric.TARGET_ROWS_COPIED),
                    c.metric(DeltaMetric.TARGET_FILES_ADDED), c.metric(DeltaMetric.TARGET_FILES_REMOVED),
                    c.metric(DeltaMetric.TARGET_DELETION_VECTORS_ADDED)), readMs, commitMs, warnings);
            context.progress("committed Delta version " + c.version() + ": " + applied.inserted() + " inserted, "
                    + applied.updated() + " updated, " + applied.deleted() + " deleted, " + applied.written().rowsCopied()
                    + " rows copied, " + applied.written().deletionVectors() + " deletion vector(s); commit "
                    + String.format(java.util.Locale.ROOT, "%.1f s", commitMs / 1000.0) + "; "
                    + Progress.rate(counts.rows(), System.currentTimeMillis() - started));
            return applied;
        }
    }
}
