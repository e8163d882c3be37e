package io.dmsdelta.pipeline;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.steps.StepOutcome;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Adds up a table's step outcomes into its report, once, when the table is done. */
final class TableReports {

    private TableReports() {
    }

    /**
     * @param status    how the sync ended, or null when every step ran: then APPLIED if one wrote, else UP_TO_DATE
     * @param reason    the code of the message, null without one
     * @param plan      the last plan made, if planning got that far
     * @param state     the table's state the last plan started from
     * @param filesLeft pending CDC files left for the next run
     * @param syncPhaseMs the sync's phases and their times
     */
    static TableReport of(String table, TableStatus status, Reason reason, String message, Optional<SyncPlan> plan,
                          Optional<TableState> state, List<StepOutcome> outcomes, int filesLeft,
                          Map<String, Long> syncPhaseMs, long durationMs) {
        int loadFiles = 0;
        int cdcFiles = 0;
        int commits = 0;
        long loadRows = 0;
        long loadQuarantined = 0;
        long changeRows = 0;
        long changedKeys = 0;
        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        long changeQuarantined = 0;
        StepOutcome.Written written = StepOutcome.Written.NOTHING;
        long readMs = 0;
        long commitMs = 0;
        Map<String, Long> phaseMs = new LinkedHashMap<>();
        String quarantineTable = null;
        io.dmsdelta.report.EventFacts events = null;
        Optional<DmsFile> lastFile = plan.flatMap(p -> p.applied().stream().reduce((a, b) -> b));
        long version = state.map(TableState::version).orElse(-1L);
        boolean wrote = false;
        boolean alreadyApplied = false;
        List<String> warnings = new ArrayList<>(plan.map(SyncPlan::warnings).orElse(List.of()));
        for (StepOutcome outcome : outcomes) {
            warnings.addAll(outcome.warnings());
            if (outcome instanceof StepOutcome.Loaded loaded) {
                wrote = true;
                commits++;
                loadFiles += loaded.files();
                loadRows += loaded.rows();
                loadQuarantined += loaded.rowsQuarantined();
                quarantineTable = loaded.quarantineTable().orElse(quarantineTable);
                version = Math.max(version, loaded.version());
            } else if (outcome instanceof StepOutcome.Applied applied) {
                wrote = true;
                commits++;
                cdcFiles += applied.files().size();
                changeRows += applied.changeRowsRead();
                changedKeys += applied.changedKeys();
                inserted += applied.inserted();
                updated += applied.updated();
                deleted += applied.deleted();
                changeQuarantined += applied.rowsQuarantined();
                quarantineTable = applied.quarantineTable().orElse(quarantineTable);
                lastFile = Optional.of(applied.lastFile());
                version = Math.max(version, applied.version());
                written = written.plus(applied.written());
                readMs += applied.readMs();
                commitMs += applied.commitMs();
                applied.phaseMs().forEach((phase, ms) -> phaseMs.merge(phase, ms, Long::sum));
                if (applied.events().isPresent()) {
                    events = events == null ? applied.events().get() : events.plus(applied.events().get());
                }
            } else if (outcome instanceof StepOutcome.AlreadyApplied already) {
                alreadyApplied = true;
                lastFile = Optional.of(already.files().get(already.files().size() - 1));
            }
        }
        TableStatus ended = status != null ? status : wrote ? TableStatus.APPLIED : TableStatus.UP_TO_DATE;
        boolean appliedByAnother = message == null && alreadyApplied && !wrote;
        String note = appliedByAnother ? "another run had already applied these files; nothing was written" : message;
        return new TableReport(table, ended, note, loadFiles, loadRows, cdcFiles,
                plan.map(p -> p.pending().size()).orElse(0), filesLeft, commits, changeRows, changedKeys, inserted,
                updated, deleted, loadQuarantined, changeQuarantined, written.rowsCopied(), written.filesAdded(),
                written.filesRemoved(), written.deletionVectors(), readMs, commitMs, quarantineTable,
                lastFile.map(DmsFile::path).orElse(null), lastFile.map(TableReports::lagSeconds).orElse(null), version,
                durationMs, warnings, null, appliedByAnother ? Reason.ALREADY_APPLIED : reason, phaseMs, events,
                syncPhaseMs, null);
    }

    /** Now less the write time in the file's name, in whole seconds (0 for a name a little ahead of this clock). */
    static long lagSeconds(DmsFile file) {
        return Math.max(0, (System.currentTimeMillis() - file.cdcTimestampNanos() / 1_000_000) / 1000);
    }
}
