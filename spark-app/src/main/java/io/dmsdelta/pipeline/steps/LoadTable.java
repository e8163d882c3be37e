package io.dmsdelta.pipeline.steps;

import io.dmsdelta.changeset.ChangeSet;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.DmsFileReader;
import io.dmsdelta.dms.ReadPlan;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.delta.Commit;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaDdl;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.report.Phases;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.SyncPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a table's snapshot from its LOAD files in one commit: validated (a key twice is an error), laid out in key
 * ranges, with the LOAD set recorded (for a table that existed, in a second, idempotent commit: a crash between the
 * two only causes one more load on the next run).
 */
public final class LoadTable implements StepRunner<SyncStep.Load> {

    private final StepContext context;
    private final Phases syncPhases;

    /** @param syncPhases the table's sync's phases, where the reading of the LOAD files goes */
    public LoadTable(StepContext context, Phases syncPhases) {
        this.context = context;
        this.syncPhases = java.util.Objects.requireNonNull(syncPhases, "syncPhases");
    }

    @Override
    public StepOutcome run(SyncStep.Load step, long listedUpTo, TrailingGroups previous) {
        long started = System.nanoTime();
        List<DmsFile> load = step.files();
        context.progress((!step.replace() ? "full load of "
                : step.kind() == CommitKind.RELOAD ? "DMS reloaded the table (a new LOAD set); re-snapshotting from "
                : "the LOAD set changed before any CDC file was applied; loading again from ")
                + load.size() + " LOAD files into " + context.target());
        DmsFileReader reader = new DmsFileReader(context.spark(), context.storage(), context.table(), context.settings(),
                context.limits().maxValueChars());
        String runId = UUID.randomUUID().toString();
        ReadPlan plan = reader.plan(load, TrailingGroups.NONE);
        try (ChangeSet rows = new ChangeSet(reader.read(plan), context.table(), context.settings().timestampColumnName(),
                DmsFileKind.LOAD)) {
            ChangeSet.Counts counts = reader.reading(plan, () -> context.quarantine().isEmpty()
                    ? new ChangeSet.Counts(rows.validate(), 0) : rows.setAsideBadRows());
            Optional<String> quarantined = context.quarantine().isEmpty() ? Optional.empty()
                    : BadRows.quarantine(context, rows, counts, runId);
            rows.requireUniqueKeys();
            syncPhases.add(SyncPhase.LOAD_READ, (System.nanoTime() - started) / 1_000_000);
            CommitMetadata metadata = new CommitMetadata(runId, step.kind(), load.size(),
                    load.isEmpty() ? null : load.get(0).name(), load.isEmpty() ? null : load.get(load.size() - 1).name(),
                    listedUpTo, plan.lastGroups());
            CrashPoints.reach("before-full-load-commit");
            DeltaTableHandle target = DeltaTableHandle.open(context.spark(), context.target());
            Optional<Commit> commit = DeltaCommitter.run(target, new WatermarkChange.Advance(step.fromWatermark(),
                    step.watermark()), metadata.toJson(), () -> FullLoadWriter.write(rows.tableRows(), counts.rows(),
                    context.table().primaryKey(), context.limits().rowsPerFile(), context.target(), createdWith(step),
                    step.replace()));
            if (step.replace()) {
                // The new LOAD set in a commit of its own (Delta writes no properties with an overwrite). A crash between
                // the two leaves the old fingerprint and the next run loads once more, which is safe: no CDC file is
                // applied before the set is recorded, and the repeated load keeps the same cut-off for CDC files.
                commit = DeltaCommitter.run(target, new WatermarkChange.Keep(), "dms-delta: LOAD set of " + metadata.runId()
                        + " recorded", () -> DeltaDdl.setProperties(target, step.set().properties()));
            }
            CrashPoints.reach("after-full-load-commit");
            context.progress("full load committed: "
                    + Progress.rate(counts.rows(), (System.nanoTime() - started) / 1_000_000));
            long version = commit.map(Commit::version).orElse(-1L);
            return new StepOutcome.Loaded(step.kind(), load.size(), counts.rows(), counts.badRows(), version,
                    quarantined, plan.lastGroups(), skippedColumns(reader));
        }
    }

    /**
     * The table properties a new table is created with: its LOAD set, whether it uses deletion vectors, and the
     * Serializable isolation level. Delta Lake's default already, it is written down for engines whose default is
     * WriteSerializable (Databricks): there an outside writer's blind INSERT of a key a run changes would commit
     * beside the run instead of making one of the two retry.
     */
    private java.util.Map<String, String> createdWith(SyncStep.Load step) {
        java.util.Map<String, String> properties = new java.util.HashMap<>(step.set().properties());
        properties.put(DeltaTableHandle.DELETION_VECTORS, Boolean.toString(context.table().deletionVectorsWhenCreated()));
        properties.put(DeltaTableHandle.ISOLATION_LEVEL, "Serializable");
        return properties;
    }

    static List<String> skippedColumns(DmsFileReader reader) {
        List<String> warnings = new ArrayList<>();
        reader.ignoredColumns().forEach((column, file) -> warnings.add("skipped column " + column
                + " (first in " + file + "): the definition does not name it and ignores unknown columns"));
        return warnings;
    }
}
