package io.dmsdelta.pipeline.plan;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.InputError;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.report.Reason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Decides what a table's sync does from what the table recorded and what its folder holds, without Spark and
 * without touching storage, so every rule is a unit test away. The rules, in order:
 * <ol>
 *   <li><b>No folder</b>: skip (DMS writes none for an empty table; a table whose folder went is left as it is).</li>
 *   <li><b>No table</b>: a full load of every LOAD file, right away (a LOAD set that then grows, before any CDC file
 *   is applied, is simply loaded again).</li>
 *   <li><b>A different LOAD set</b>: with no CDC file applied since the last load, it is loaded again. Once CDC files
 *   were applied, only a DMS reload may replace the table: every LOAD file stored after the loaded set, and
 *   complete, i.e. a CDC file named after the newest LOAD file, or no new LOAD file for the quiet period, and no
 *   counter missing. Until then the sync waits, leaving the table as it is. New LOAD files beside loaded ones that
 *   do not start a new set (a {@code LOAD00000001}) are refused: loading them would undo applied changes.</li>
 *   <li><b>CDC files</b> named after the watermark are applied in commit order, in batches of at most
 *   {@link PlanningRules#maxBatchFiles} files and {@link PlanningRules#maxBatchBytes} bytes, each its own commit. A
 *   file at or below the watermark stored after the last commit listed the folder arrived late and is refused, as
 *   is a file named further ahead of its storage time than {@link PlanningRules#cdcNameAhead}.</li>
 * </ol>
 */
public final class SyncPlanner {

    /** {@code [SEGMENTn_]LOAD<8 hex digits>}: the counter restarts at 1 in each folder and segment a load writes. */
    private static final Pattern LOAD_COUNTER = Pattern.compile("(.*?)LOAD([0-9A-F]{8})\\..*");

    private final PlanningRules rules;

    public SyncPlanner(PlanningRules rules) {
        this.rules = requireNonNull(rules, "rules");
    }

    public PlanningRules rules() {
        return rules;
    }

    /**
     * @param state  what the Delta table records ({@code exists} false when there is none)
     * @param listed the table's files; empty when DMS wrote no folder (nor {@code CDC_TXN} files) for it
     * @param folder the table folder, for messages
     * @param now    the time the listing was taken, for the reload's quiet period
     */
    public SyncPlan plan(TableState state, Optional<TableFiles> listed, String folder, Instant now) {
        if (listed.isEmpty()) {
            SyncPlan.Skip skip = !state.exists()
                    ? new SyncPlan.Skip(Reason.NO_SOURCE_FOLDER, "no folder " + folder + " in the source (DMS writes"
                    + " none for an empty table)")
                    : new SyncPlan.Skip(Reason.SOURCE_FOLDER_GONE, "the table folder " + folder + " is gone; the table"
                    + " was left as it was. DMS removes a table's files when the source table is truncated or dropped"
                    + " (task settings HandleSourceTableTruncated and HandleSourceTableDropped; docs/dms-setup.md"
                    + " recommends false) and while a reload starts over; its next LOAD files will re-snapshot the"
                    + " table.");
            return new SyncPlan(List.of(), Optional.of(skip), List.of(), List.of(), 0);
        }
        TableFiles files = listed.get();
        long listedUpTo = files.newestModificationTime();
        List<String> warnings = new ArrayList<>();
        files.ignored().forEach(f -> warnings.add("ignored " + f + ": not a DMS data file name"));
        List<SyncStep> steps = new ArrayList<>();

        Decision load = decideLoad(state, files, now, warnings);
        if (load.halt().isPresent()) {
            return new SyncPlan(List.of(), load.halt(), files.cdcUpTo(state.watermarkNanos()), warnings, listedUpTo);
        }
        load.step().ifPresent(steps::add);
        long watermark = load.step().map(SyncStep.Load::watermark).orElse(state.watermarkNanos());
        List<DmsFile> applied = files.cdcUpTo(watermark);
        List<DmsFile> pending = files.cdcAfter(watermark);

        List<InputError> refused = new ArrayList<>();
        if (load.step().isEmpty()) {
            refused.addAll(lateFiles(state, files, warnings));
        }
        refused.addAll(namedAhead(pending));
        if (!refused.isEmpty()) {
            return new SyncPlan(steps, Optional.of(new SyncPlan.Refuse(refused)), applied, warnings, listedUpTo);
        }
        List<List<DmsFile>> batches = rules.batches(pending, DmsFile::size);
        for (int i = 0; i < batches.size(); i++) {
            long from = i == 0 ? watermark : batches.get(i - 1).get(batches.get(i - 1).size() - 1).cdcTimestampNanos();
            steps.add(new SyncStep.Apply(batches.get(i), from, i + 1, batches.size()));
        }
        if (steps.isEmpty()) {
            steps.add(new SyncStep.EvolveSchema());
        }
        return new SyncPlan(steps, Optional.empty(), applied, warnings, listedUpTo);
    }

    /** A load to make, a reason to go no further, or neither. */
    private record Decision(Optional<SyncStep.Load> step, Optional<SyncPlan.Halt> halt) {
        static final Decision NONE = new Decision(Optional.empty(), Optional.empty());

        static Decision load(SyncStep.Load step) {
            return new Decision(Optional.of(step), Optional.empty());
        }

        static Decision halt(SyncPlan.Halt halt) {
            return new Decision(Optional.empty(), Optional.of(halt));
        }
    }

    private Decision decideLoad(TableState state, TableFiles files, Instant now, List<String> warnings) {
        List<DmsFile> loadFiles = files.loadFiles();
        if (!state.exists()) {
            return Decision.load(new SyncStep.Load(CommitKind.FULL_LOAD, loadFiles, LoadSet.of(loadFiles),
                    SyncStep.NO_TABLE, 0, false));
        }
        LoadSet current = LoadSet.of(loadFiles);
        // LOAD files may be deleted once loaded (a lifecycle rule, say): only a different set of them can be a load.
        if (loadFiles.isEmpty() || state.loadSet().orElseThrow().equals(current.fingerprint())) {
            return Decision.NONE;
        }
        Optional<CommitKind> lastKind = state.lastCommit().map(c -> c.metadata().kind());
        boolean nothingAppliedSinceLoad = lastKind.map(CommitKind::isLoad).orElse(!state.cdcApplied());
        if (nothingAppliedSinceLoad) {
            // Loading again replaces only a snapshot: a run saw DMS's (re)load half written.
            CommitKind kind = lastKind.orElse(CommitKind.FULL_LOAD);
            long watermark = kind == CommitKind.RELOAD ? reloadWatermark(loadFiles, state) : state.nextLoadWatermark();
            return Decision.load(new SyncStep.Load(kind, loadFiles, current, state.watermarkNanos(), watermark, true));
        }
        if (state.loadSetStoredUpTo().isEmpty()) {
            // Loaded by a version that did not record when: every other set counts as a reload, as it did then.
            return reloadWhenComplete(loadFiles, files, state, now);
        }
        long loadedUpTo = state.loadSetStoredUpTo().get();
        List<DmsFile> newer = loadFiles.stream().filter(f -> f.modificationTime() > loadedUpTo).toList();
        List<DmsFile> older = loadFiles.stream().filter(f -> f.modificationTime() <= loadedUpTo).toList();
        if (newer.isEmpty()) {
            warnings.add("LOAD files were removed since the table was loaded; the rest (such as " + older.get(0).name()
                    + ") were loaded already, so this is no reload and the table was left as it was");
            return Decision.NONE;
        }
        if (older.isEmpty()) {
            return reloadWhenComplete(loadFiles, files, state, now);
        }
        if (startsLoadSet(newer) && !complete(newer, files, now)) {
            return Decision.halt(new SyncPlan.Wait(waiting(newer) + " The older LOAD files (such as " + older.get(0).name()
                    + ") are still there; DMS rewrites them as it goes."));
        }
        String loadedBefore = older.get(0).name();
        List<InputError> errors = newer.stream().map(f -> InputError.ofFile(f.path(), "this LOAD file appeared after CDC"
                + " files were applied, beside LOAD files loaded before it (such as " + loadedBefore + "). A DMS reload"
                + " rewrites every LOAD file, so this is not one, and loading it would undo the changes applied since."
                + " If the table is being reloaded, run again once DMS has written the whole new LOAD set (or remove the"
                + " old LOAD files); otherwise move this file out of the table folder.")).toList();
        return Decision.halt(new SyncPlan.Refuse(errors));
    }

    private Decision reloadWhenComplete(List<DmsFile> loadFiles, TableFiles files, TableState state, Instant now) {
        Optional<String> missing = missingCounter(loadFiles);
        if (!complete(loadFiles, files, now)) {
            return Decision.halt(new SyncPlan.Wait(waiting(loadFiles)));
        }
        if (missing.isPresent()) {
            return Decision.halt(new SyncPlan.Refuse(List.of(InputError.ofFile(missing.get(), "is missing from the"
                    + " reload's LOAD set, which has later files: loading the set without it would lose its rows. Restore"
                    + " the file, or reload the table in DMS again."))));
        }
        return Decision.load(new SyncStep.Load(CommitKind.RELOAD, loadFiles, LoadSet.of(loadFiles),
                state.watermarkNanos(), reloadWatermark(loadFiles, state), true));
    }

    /**
     * A reload is a new snapshot: only CDC files DMS wrote after the reload began may follow it, since those before
     * it can predate changes the snapshot already holds (and the old files would undo them). The reload began no
     * later than its first LOAD file was stored; CDC files named up to {@link PlanningRules#clockSkew} before that
     * are still applied. The watermark must also rise, for Delta to record the commit.
     */
    private long reloadWatermark(List<DmsFile> loadFiles, TableState state) {
        long reloadStarted = loadFiles.stream().mapToLong(DmsFile::modificationTime).min().orElseThrow();
        long cutoff = (reloadStarted - rules.clockSkew().toMillis()) * 1_000_000L;
        return Math.max(cutoff, state.watermarkNanos() + 1);
    }

    /**
     * Whether a reload's LOAD files are all there: DMS writes a table's changes again only once its reload is done,
     * so a CDC file named after the newest LOAD file was stored says so; so does a quiet period with no new LOAD file.
     * A counter missing in a folder or segment means files are still arriving.
     */
    private boolean complete(List<DmsFile> loadFiles, TableFiles files, Instant now) {
        long newest = loadFiles.stream().mapToLong(DmsFile::modificationTime).max().orElseThrow();
        boolean quiet = Duration.between(Instant.ofEpochMilli(newest), now).compareTo(rules.reloadQuietPeriod()) >= 0;
        boolean cdcAfter = files.cdcFiles().stream().anyMatch(f -> f.cdcTimestampNanos() > newest * 1_000_000L);
        return quiet || (cdcAfter && missingCounter(loadFiles).isEmpty());
    }

    private String waiting(List<DmsFile> loadFiles) {
        long newest = loadFiles.stream().mapToLong(DmsFile::modificationTime).max().orElseThrow();
        return "DMS is writing a new LOAD set (a reload): " + loadFiles.size() + " LOAD file(s) so far, the newest stored"
                + " at " + Instant.ofEpochMilli(newest) + ". The table is left as it is until the set is complete: when a"
                + " CDC file named after that appears, or no new LOAD file arrives for " + rules.reloadQuietPeriod()
                .toMinutes() + " minutes (--reload-quiet-minutes).";
    }

    /** Whether the files begin a LOAD set: one of them is the first file of its folder or segment. */
    private static boolean startsLoadSet(List<DmsFile> files) {
        return files.stream().anyMatch(f -> counter(f).map(c -> c == 1).orElse(false));
    }

    /** The first counter missing below a present one, in some folder and segment, as a file path; empty if none. */
    private static Optional<String> missingCounter(List<DmsFile> files) {
        TreeMap<String, java.util.TreeSet<Long>> counters = new TreeMap<>();
        for (DmsFile file : files) {
            Matcher m = LOAD_COUNTER.matcher(file.name());
            if (m.matches()) {
                String prefix = file.path().substring(0, file.path().length() - file.name().length()) + m.group(1);
                counters.computeIfAbsent(prefix + "|" + file.name().substring(m.end(2)), k -> new java.util.TreeSet<>())
                        .add(Long.parseLong(m.group(2), 16));
            }
        }
        for (var entry : counters.entrySet()) {
            long expected = 1;
            for (long counter : entry.getValue()) {
                if (counter != expected) {
                    String[] parts = entry.getKey().split("\\|", 2);
                    return Optional.of(parts[0] + "LOAD" + String.format("%08X", expected) + parts[1]);
                }
                expected++;
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> counter(DmsFile file) {
        Matcher m = LOAD_COUNTER.matcher(file.name());
        return m.matches() ? Optional.of(Long.parseLong(m.group(2), 16)) : Optional.empty();
    }

    /**
     * A CDC file at or below the watermark that is newer than everything the last run listed arrived after its
     * window was applied: applying it now would reorder history, skipping it would lose it.
     */
    private static List<InputError> lateFiles(TableState state, TableFiles files, List<String> warnings) {
        Optional<Long> listedUpTo = state.lastCommit().map(c -> c.metadata().newestSourceFileTime());
        if (listedUpTo.isEmpty()) {
            if (state.watermarkNanos() > 0) {
                warnings.add("the Delta log no longer holds dms-delta's last commit, so CDC files that"
                        + " arrived late (named before the last applied file) cannot be detected this run");
            }
            return List.of();
        }
        String lastApplied = state.lastCommit().get().metadata().lastFile();
        return files.cdcUpTo(state.watermarkNanos()).stream()
                .filter(f -> f.modificationTime() > listedUpTo.get())
                .map(f -> InputError.ofFile(f.path(), "arrived after CDC files named later than it were applied"
                        + " (last applied: " + lastApplied + "); applying it now would apply its changes out of order."
                        + " Check the DMS task (clock, restarts, copies); to keep going, move the file out of the table"
                        + " folder, or rebuild the table."))
                .toList();
    }

    /**
     * A CDC file's name is the time DMS wrote it, so it cannot be much later than when storage stored it. One that
     * is (a DMS clock far ahead, a file named by hand) would move the watermark past every genuine file named
     * before it, which would all count as late from then on.
     */
    private List<InputError> namedAhead(List<DmsFile> pending) {
        return pending.stream()
                .filter(f -> f.cdcTimestampNanos() / 1_000_000 > f.modificationTime() + rules.cdcNameAhead().toMillis())
                .map(f -> InputError.ofFile(f.path(), "is named " + Instant.ofEpochMilli(f.cdcTimestampNanos() / 1_000_000)
                        + " but was stored at " + Instant.ofEpochMilli(f.modificationTime()) + ": a CDC file is"
                        + " named by the time DMS wrote it, and applying it would make every genuine file named before"
                        + " that time late. Check the DMS instance's clock and where the file came from; move the file"
                        + " out of the table folder to go on (the allowance is the Spark setting"
                        + " spark.dmsdelta.cdc.nameAheadAllowance)"))
                .toList();
    }
}
