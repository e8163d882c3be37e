package io.dmsdelta.pipeline.steps;

import io.dmsdelta.changeset.ChangeSet;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.DmsFileReader;
import io.dmsdelta.dms.ReadPlan;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.delta.Commit;
import io.dmsdelta.delta.ConcurrentRunException;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaMetric;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.merge.ChangeMerger;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.DeletionVectorApply;
import io.dmsdelta.report.Phases;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.SyncPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a batch of CDC files with one MERGE: the files are read, checked and compacted to the last change per key
 * in one pass, bad rows set aside first if there is a quarantine, the columns the definition gained added once the
 * batch is known to be good, and the MERGE committed with the batch's watermark.
 */
public final class ApplyChanges implements StepRunner<SyncStep.Apply> {

    private final StepContext context;
    private final Phases syncPhases;

    /** @param syncPhases the table's sync's phases, where the batch's read and commit go */
    public ApplyChanges(StepContext context, Phases syncPhases) {
        this.context = context;
        this.syncPhases = java.util.Objects.requireNonNull(syncPhases, "syncPhases");
    }

    /**
     * The batch's one commit: on a table with deletion vectors, {@link DeletionVectorApply} (its cost follows the
     * changes); otherwise Delta's MERGE ({@link ChangeMerger}), which rewrites the files the batch touches.
     *
     * @param target the table as aligning it with its definition left it
     * @return empty when another run had committed the batch
     * @throws ConcurrentRunException when another run applied files since the batch was planned
     */
    private Optional<Commit> commit(SyncStep.Apply step, CompactedChanges compacted, CommitMetadata metadata,
                                    DeltaTableHandle target, Phases phases) {
        List<String> columns = context.table().storedColumns(context.settings().timestampColumnName());
        WatermarkChange.Advance watermark = new WatermarkChange.Advance(step.fromWatermark(), step.toWatermark());
        if (target.deletionVectorsEnabled()) {
            return DeletionVectorApply.apply(target, compacted, context.table(), columns, watermark, metadata.toJson(),
                    context.limits(), phases, () -> { });
        }
        return phases.time("merge", () -> DeltaCommitter.run(target, watermark, metadata.toJson(),
                () -> ChangeMerger.merge(target.deltaTable(), compacted, compacted.keyRanges(), context.table(), columns)));
    }

    /**
     * The time of the batch's commit among its phases: the targeted apply's {@code commit}, or Delta's {@code merge},
     * which finds and writes the rows in the command that commits them.
     */
    static long committed(Phases phases) {
        Map<String, Long> millis = phases.millis();
        return millis.getOrDefault("commit", millis.getOrDefault("merge", 0L));
    }

    @Override
    public StepOutcome run(SyncStep.Apply step, long listedUpTo, TrailingGroups previous) {
        long started = System.nanoTime();
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
            long readMs = (System.nanoTime() - started) / 1_000_000;
            syncPhases.add(SyncPhase.READ, readMs);
            context.progress("read and compacted to the last change per key: " + Progress.rate(counts.rows(), readMs));
            CrashPoints.reach("after-reading-changes");
            CommitMetadata metadata = new CommitMetadata(runId, CommitKind.CDC, files.size(), first.name(), last.name(),
                    listedUpTo, plan.lastGroups());
            Phases phases = new Phases();
            phases.add("read", readMs);
            EvolveSchema.Alignment aligned = phases.time("align", () -> EvolveSchema.alignWithDefinition(context));
            warnings.addAll(aligned.warnings()); // aligned now that the batch is good
            CrashPoints.reach("before-merge");
            long committing = System.currentTimeMillis();
            Optional<Commit> commit = commit(step, compacted, metadata, aligned.table(), phases);
            long commitMs = System.currentTimeMillis() - committing;
            syncPhases.add(SyncPhase.COMMIT, committed(phases));
            CrashPoints.reach("after-merge-commit");
            if (commit.isEmpty()) {
                return new StepOutcome.AlreadyApplied(files, warnings);
            }
            Commit c = commit.get();
            StepOutcome.Applied applied = new StepOutcome.Applied(files, counts.rows(), c.metric(DeltaMetric.SOURCE_ROWS),
                    c.metric(DeltaMetric.TARGET_ROWS_INSERTED), c.metric(DeltaMetric.TARGET_ROWS_UPDATED),
                    c.metric(DeltaMetric.TARGET_ROWS_DELETED), counts.badRows(), quarantined, c.version(),
                    plan.lastGroups(), new StepOutcome.Written(c.metric(DeltaMetric.TARGET_ROWS_COPIED),
                    c.metric(DeltaMetric.TARGET_FILES_ADDED), c.metric(DeltaMetric.TARGET_FILES_REMOVED),
                    c.metric(DeltaMetric.TARGET_DELETION_VECTORS_ADDED)), readMs, commitMs, phases.millis(), warnings,
                    Optional.empty());
            context.progress("committed Delta version " + c.version() + ": " + applied.inserted() + " inserted, "
                    + applied.updated() + " updated, " + applied.deleted() + " deleted, " + applied.written().rowsCopied()
                    + " rows copied, " + applied.written().deletionVectors() + " deletion vector(s); commit "
                    + String.format(java.util.Locale.ROOT, "%.1f s", commitMs / 1000.0) + "; "
                    + Progress.rate(counts.rows(), (System.nanoTime() - started) / 1_000_000));
            return applied;
        }
    }
}
