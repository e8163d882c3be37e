package io.dmsdelta.pipeline;

import io.delta.tables.DeltaTable;
import io.dmsdelta.changeset.ChangeSet;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.BadInputException;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.DmsFileReader;
import io.dmsdelta.dms.InputError;
import io.dmsdelta.dms.ReadPlan;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.merge.ChangeMerger;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.ConcurrentRunException;
import io.dmsdelta.merge.DeltaCommits;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.merge.SchemaEvolution;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.report.Failures;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings one Delta table up to date with its DMS folder: a full load when the table does not exist yet,
 * then every pending CDC file in one MERGE. Each step is one idempotent Delta commit that also records
 * what it applied (see {@link DeltaCommits}), so the table is always at a file boundary and a rerun
 * continues from exactly there.
 *
 * <p>Failures never throw: they end up in the returned report, and nothing is committed for the failed step.
 */
public final class TableSync {

    /**
     * Attempts per table when another run commits to it at the same time, waiting 2, 4, 8 and 16 s between
     * them: the other run may still be writing its commit (a full load takes a while).
     */
    private static final int ATTEMPTS = 5;

    /** How much earlier than a reload's first LOAD file a CDC file may be named and still follow the reload. */
    private static final long CLOCK_SKEW_ALLOWANCE_MS = 10_000;

    private final SparkSession spark;
    private final Storage storage;
    private final EndpointSettings settings;
    private final SourceSelection source;
    private final String targetRoot;
    private final Optional<Quarantine> quarantine;
    private final DmsDeltaSettings limits;
    private final Progress progress;

    /**
     * @param spark      a session of this table's own: commits set session configuration
     * @param quarantine where bad rows go ({@code --on-bad-rows quarantine}); empty: a bad row fails the table
     */
    public TableSync(SparkSession spark, Storage storage, EndpointSettings settings, SourceSelection source,
                     String targetRoot, Optional<Quarantine> quarantine, DmsDeltaSettings limits, Progress progress) {
        this.spark = spark;
        this.storage = storage;
        this.settings = settings;
        this.source = source;
        this.targetRoot = targetRoot;
        this.quarantine = quarantine;
        this.limits = limits;
        this.progress = progress;
    }

    public TableReport sync(TableDefinition table) {
        TableReport report = new TableReport(table.qualifiedName());
        long started = System.currentTimeMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                syncInto(table, report);
            } catch (ConcurrentRunException | java.util.ConcurrentModificationException e) {
                // Nothing of this attempt was committed: planning again on top of the other run's commit is safe.
                String why = e instanceof ConcurrentRunException ? e.getMessage()
                        : "another run committed to the table at the same time (" + e.getClass().getSimpleName() + ")";
                if (attempt < ATTEMPTS) {
                    long waitMs = 1000L << attempt;
                    progress.table(table.qualifiedName(), why + "; planning again in " + waitMs / 1000 + " s (attempt "
                            + (attempt + 1) + " of " + ATTEMPTS + ")");
                    try {
                        Thread.sleep(waitMs);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        report.status = TableStatus.CONFLICT;
                        report.message = why + "; interrupted while waiting to plan again";
                        break;
                    }
                    continue;
                }
                report.status = TableStatus.CONFLICT;
                report.message = why + "; gave up after " + ATTEMPTS + " attempts with nothing written by this run."
                        + " Run again, or make sure only one run at a time writes the table (docs/architecture.md).";
            } catch (BadInputException | ConfigException e) {
                report.status = TableStatus.FAILED;
                report.message = e.getMessage();
            } catch (Exception e) { // Spark's exceptions are checked ones that Scala does not declare
                report.status = TableStatus.FAILED;
                report.message = "failed, nothing was committed: " + Failures.rootCause(e);
                e.printStackTrace();
            }
            break;
        }
        report.durationMs = System.currentTimeMillis() - started;
        if (!report.succeeded()) {
            progress.table(table.qualifiedName(), report.status + ": " + report.message);
        }
        return report;
    }

    private void syncInto(TableDefinition table, TableReport report) {
        String folder = source.tableFolder(table);
        String target = table.pathUnder(targetRoot);
        TableState state = TableState.read(spark, target);
        Optional<TableFiles> found = SourceFiles.of(storage, settings, source, table);
        if (found.isEmpty()) {
            report.status = TableStatus.SKIPPED;
            report.message = !state.exists() ? "no folder " + folder + " in the source (DMS writes none for an empty table)"
                    : "the table folder " + folder + " is gone; the table was left as it was. DMS removes a table's"
                    + " files when the source table is truncated or dropped (task settings HandleSourceTableTruncated"
                    + " and HandleSourceTableDropped; docs/dms-setup.md recommends false) and while a reload starts"
                    + " over; its next LOAD files will re-snapshot the table.";
            return;
        }
        TableFiles files = found.get();
        files.ignored().forEach(f -> report.warnings.add("ignored " + f + ": not a DMS data file name"));
        progress.table(table.qualifiedName(), "found " + files.loadFiles().size() + " LOAD and "
                + files.cdcFiles().size() + " CDC files for the table");

        Map<String, String> loadSet = LoadSet.properties(files.loadFiles());
        // LOAD files may be deleted once loaded (a lifecycle rule, say): only a different set of them can be a reload.
        boolean loadSetChanged = state.exists() && !files.loadFiles().isEmpty()
                && !loadSet.get(TableState.LOAD_SET_PROPERTY).equals(state.loadSet().orElseThrow())
                && (!state.cdcApplied() || isReload(table, files, state, report));
        if (!state.exists() || loadSetChanged) {
            fullLoad(table, files, target, loadSet, state, report);
            state = TableState.read(spark, target);
        }
        requireNoLateFiles(table, files, state, report);

        List<DmsFile> pending = files.cdcAfter(state.watermarkNanos());
        report.deltaVersion = state.version();
        files.cdcUpTo(state.watermarkNanos()).stream().reduce((a, b) -> b)
                .ifPresent(f -> report.lastAppliedFile = f.path());
        if (pending.isEmpty()) {
            addDefinedColumns(table, target, report);
            progress.table(table.qualifiedName(), "no pending CDC files; table is up to date at Delta version "
                    + state.version());
            return;
        }
        applyChanges(table, files, pending, target, state, report);
    }

    /**
     * Whether a LOAD set that differs from the loaded one, once CDC files were applied, is a DMS reload. A
     * reload rewrites every LOAD file, so all of them are newer than the loaded set. LOAD files only removed
     * (a lifecycle rule) are no reload: the table stays as it is. New LOAD files beside ones already loaded are
     * no reload either, and loading them would undo the changes applied since: that is bad input.
     */
    private static boolean isReload(TableDefinition table, TableFiles files, TableState state, TableReport report) {
        if (state.loadSetStoredUpTo().isEmpty()) {
            return true; // loaded by a version that did not record when: decide as it did
        }
        long loadedUpTo = state.loadSetStoredUpTo().get();
        List<DmsFile> newer = files.loadFiles().stream().filter(f -> f.modificationTime() > loadedUpTo).toList();
        if (newer.size() == files.loadFiles().size()) {
            return true;
        }
        String loadedBefore = files.loadFiles().stream().filter(f -> f.modificationTime() <= loadedUpTo)
                .findFirst().orElseThrow().name();
        if (newer.isEmpty()) {
            report.warnings.add("LOAD files were removed since the table was loaded; the rest (such as " + loadedBefore
                    + ") were loaded already, so this is no reload and the table was left as it was");
            return false;
        }
        List<InputError> errors = newer.stream().map(f -> InputError.ofFile(f.path(), "this LOAD file appeared after CDC"
                + " files were applied, beside LOAD files loaded before it (such as " + loadedBefore + "). A DMS reload"
                + " rewrites every LOAD file, so this is not one, and loading it would undo the changes applied since."
                + " If the table is being reloaded, run again once DMS has written the whole new LOAD set (or remove the"
                + " old LOAD files); otherwise move this file out of the table folder.")).toList();
        throw new BadInputException(table.qualifiedName(), errors, errors.size());
    }

    private void fullLoad(TableDefinition table, TableFiles files, String target, Map<String, String> loadSet,
                          TableState state, TableReport report) {
        long started = System.currentTimeMillis();
        List<DmsFile> load = files.loadFiles();
        long watermark = loadWatermark(files, state);
        progress.table(table.qualifiedName(), (!state.exists() ? "full load of "
                : state.cdcApplied() ? "DMS reloaded the table (a new LOAD set); re-snapshotting from "
                : "the LOAD set changed before any CDC file was applied; loading again from ")
                + load.size() + " LOAD files into " + target);
        DmsFileReader reader = new DmsFileReader(spark, storage, table, settings, limits.maxValueChars());
        String runId = UUID.randomUUID().toString();
        ReadPlan plan = reader.plan(load, TrailingGroups.NONE);
        try (ChangeSet rows = new ChangeSet(reader.read(plan), table, settings.timestampColumnName(), DmsFileKind.LOAD)) {
            ChangeSet.Counts counts = reader.reading(plan, () -> validate(rows, table, runId, report));
            report.loadRowsQuarantined = counts.badRows();
            long count = counts.rows();
            reportSkippedColumns(reader, report);
            rows.requireUniqueKeys();
            CommitMetadata metadata = new CommitMetadata(runId,
                    state.cdcApplied() ? "reload" : "full-load", load.size(),
                    load.isEmpty() ? null : load.get(0).name(), load.isEmpty() ? null : load.get(load.size() - 1).name(),
                    files.newestModificationTime(), plan.lastGroups());
            CrashPoints.reach("before-full-load-commit");
            DeltaCommits.commit(spark, target, watermark, metadata,
                    () -> FullLoadWriter.write(rows.tableRows(), count, table.primaryKey(), target, loadSet, state.exists()));
            if (state.exists()) {
                FullLoadWriter.recordLoadSet(spark, target, loadSet);
            }
            CrashPoints.reach("after-full-load-commit");
            report.status = TableStatus.APPLIED;
            report.loadFiles = load.size();
            report.loadRows = count;
            progress.table(table.qualifiedName(), "full load committed: "
                    + Progress.rate(count, System.currentTimeMillis() - started));
        }
    }

    /**
     * The watermark a full load records. A first load, or a load again before any CDC file was applied (the
     * last run saw DMS's full load half written, as a per-object trigger does), applies every CDC file after
     * it. A reload of a table CDC files were applied to is a new snapshot: only CDC files DMS wrote after the
     * reload began may follow it, since those before it can predate changes the snapshot already holds (and
     * which the old files would undo). The reload began no later than its first LOAD file was stored; CDC
     * files named up to {@value #CLOCK_SKEW_ALLOWANCE_MS} ms before that are still applied, to allow for
     * the DMS instance's clock and storage's differing.
     */
    private static long loadWatermark(TableFiles files, TableState state) {
        if (!state.cdcApplied()) {
            return state.nextLoadWatermark();
        }
        long reloadStarted = files.loadFiles().stream().mapToLong(DmsFile::modificationTime).min().orElseThrow();
        long cutoff = (reloadStarted - CLOCK_SKEW_ALLOWANCE_MS) * 1_000_000L;
        return Math.max(cutoff, state.watermarkNanos() + 1);
    }

    /**
     * Checks every row of a batch. Without a quarantine a bad row fails the table; with one, the bad rows are
     * recorded there first (so none is lost if the batch's commit then fails) and the rest go on.
     *
     * @return the rows read, and the bad ones among them that were quarantined
     */
    private ChangeSet.Counts validate(ChangeSet rows, TableDefinition table, String runId, TableReport report) {
        if (quarantine.isEmpty()) {
            return new ChangeSet.Counts(rows.validate(), 0);
        }
        ChangeSet.Counts counts = rows.setAsideBadRows();
        quarantineBadRows(rows, counts, table, runId, report);
        return counts;
    }

    /** Records a batch's bad rows, if it has any, in the quarantine: before the batch's commit, so none is lost. */
    private void quarantineBadRows(ChangeSet rows, ChangeSet.Counts counts, TableDefinition table, String runId,
                                   TableReport report) {
        if (counts.badRows() > 0) {
            quarantine.get().record(spark, table, rows.badRows(), runId);
            report.quarantineTable = quarantine.get().tablePath(table);
            progress.table(table.qualifiedName(), "set aside " + counts.badRows() + " bad row(s) in the quarantine table "
                    + report.quarantineTable);
        }
    }

    private void addDefinedColumns(TableDefinition table, String target, TableReport report) {
        List<String> added = SchemaEvolution.addMissingColumns(spark, target, table.storedSchema(settings.timestampColumnName()));
        if (!added.isEmpty()) {
            report.warnings.add("added column(s) " + String.join(", ", added) + " to the table: the definition gained them");
            progress.table(table.qualifiedName(), "added column(s) " + String.join(", ", added));
        }
    }

    private static void reportSkippedColumns(DmsFileReader reader, TableReport report) {
        reader.ignoredColumns().forEach((column, file) -> report.warnings.add("skipped column " + column
                + " (first in " + file + "): the definition does not name it and ignores unknown columns"));
    }

    /**
     * A CDC file at or below the watermark that is newer than everything the last run listed arrived after
     * its window was applied: applying it now would reorder history, skipping it would lose it.
     */
    private void requireNoLateFiles(TableDefinition table, TableFiles files, TableState state, TableReport report) {
        Optional<Long> listedUpTo = state.lastCommit().map(c -> c.metadata().newestSourceFileTime());
        if (listedUpTo.isEmpty()) {
            if (state.watermarkNanos() > 0) {
                report.warnings.add("the Delta log no longer holds dms-delta's last commit, so CDC files that"
                        + " arrived late (named before the last applied file) cannot be detected this run");
            }
            return;
        }
        List<InputError> late = files.cdcUpTo(state.watermarkNanos()).stream()
                .filter(f -> f.modificationTime() > listedUpTo.get())
                .map(f -> InputError.ofFile(f.path(), "arrived after CDC files named later than it were applied"
                        + " (last applied: " + state.lastCommit().get().metadata().lastFile() + "); applying it now"
                        + " would apply its changes out of order. Check the DMS task (clock, restarts, copies);"
                        + " to keep going, move the file out of the table folder, or rebuild the table."))
                .toList();
        if (!late.isEmpty()) {
            throw new BadInputException(table.qualifiedName(), late, late.size());
        }
    }

    /**
     * A CDC file's name is the time DMS wrote it, so it cannot be much later than when storage stored it. One that
     * is (a DMS clock far ahead, a file named by hand) would move the watermark past every genuine file named
     * before it, which would all count as late from then on.
     */
    private void requireNamesNotAhead(TableDefinition table, List<DmsFile> pending) {
        List<InputError> ahead = pending.stream()
                .filter(f -> f.cdcTimestampNanos() / 1_000_000 > f.modificationTime() + limits.cdcNameAheadAllowanceMs())
                .map(f -> InputError.ofFile(f.path(), "is named " + java.time.Instant.ofEpochMilli(f.cdcTimestampNanos() / 1_000_000)
                        + " but was stored at " + java.time.Instant.ofEpochMilli(f.modificationTime()) + ": a CDC file is"
                        + " named by the time DMS wrote it, and applying it would make every genuine file named before"
                        + " that time late. Check the DMS instance's clock and where the file came from; move the file"
                        + " out of the table folder to go on (the allowance is the Spark setting "
                        + DmsDeltaSettings.CDC_NAME_AHEAD_ALLOWANCE + ")"))
                .toList();
        if (!ahead.isEmpty()) {
            throw new BadInputException(table.qualifiedName(), ahead, ahead.size());
        }
    }

    private void applyChanges(TableDefinition table, TableFiles files, List<DmsFile> pending, String target,
                              TableState state, TableReport report) {
        long plannedFrom = state.watermarkNanos();
        long started = System.currentTimeMillis();
        DmsFile first = pending.get(0);
        DmsFile last = pending.get(pending.size() - 1);
        report.cdcFilesPending = pending.size();
        progress.table(table.qualifiedName(), "applying " + pending.size() + " CDC files, " + first.name()
                + " to " + last.name() + ", in one MERGE");
        requireNamesNotAhead(table, pending);
        DmsFileReader reader = new DmsFileReader(spark, storage, table, settings, limits.maxValueChars());
        String runId = UUID.randomUUID().toString();
        TrailingGroups previous = state.lastCommit().map(c -> c.metadata().lastFileGroups())
                .filter(java.util.Objects::nonNull).orElse(TrailingGroups.NONE);
        ReadPlan plan = reader.plan(pending, previous);
        try (ChangeSet changes = new ChangeSet(reader.read(plan), table, settings.timestampColumnName(), DmsFileKind.CDC);
             CompactedChanges compacted = reader.reading(plan, () -> changes.compact(quarantine.isPresent()))) {
            ChangeSet.Counts counts = compacted.counts();
            quarantineBadRows(changes, counts, table, runId, report);
            report.changeRowsQuarantined = counts.badRows();
            long rows = counts.rows();
            reportSkippedColumns(reader, report);
            progress.table(table.qualifiedName(), "read and compacted to the last change per key: "
                    + Progress.rate(rows, System.currentTimeMillis() - started));
            CrashPoints.reach("after-reading-changes");
            CommitMetadata metadata = new CommitMetadata(runId, "cdc", pending.size(),
                    first.name(), last.name(), files.newestModificationTime(), plan.lastGroups());
            addDefinedColumns(table, target, report); // only now that the batch is known to be good
            CrashPoints.reach("before-merge");
            if (TableState.watermark(spark, target) != plannedFrom) {
                // Applying now would apply again files another run has just committed: plan afresh instead.
                throw new ConcurrentRunException("another run applied CDC files to the table while this run was"
                        + " reading its batch", null);
            }
            Optional<DeltaCommits.Commit> commit = DeltaCommits.commit(spark, target, last.cdcTimestampNanos(), metadata,
                    () -> ChangeMerger.merge(DeltaTable.forPath(spark, target), compacted, compacted.keyRanges(), table,
                            table.storedColumns(settings.timestampColumnName())));
            CrashPoints.reach("after-merge-commit");
            if (commit.isEmpty()) {
                report.message = "another run had already applied these files; nothing was written";
                return;
            }
            DeltaCommits.Commit c = commit.get();
            report.status = TableStatus.APPLIED;
            report.cdcFilesApplied = pending.size();
            report.changeRowsRead = rows;
            report.changedKeys = c.metric("numSourceRows");
            report.rowsInserted = c.metric("numTargetRowsInserted");
            report.rowsUpdated = c.metric("numTargetRowsUpdated");
            report.rowsDeleted = c.metric("numTargetRowsDeleted");
            report.deltaVersion = c.version();
            report.lastAppliedFile = last.path();
            progress.table(table.qualifiedName(), "committed Delta version " + c.version() + ": "
                    + report.rowsInserted + " inserted, " + report.rowsUpdated + " updated, " + report.rowsDeleted
                    + " deleted; " + Progress.rate(rows, System.currentTimeMillis() - started));
        }
    }
}
