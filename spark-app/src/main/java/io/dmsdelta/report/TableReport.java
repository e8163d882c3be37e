package io.dmsdelta.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a run did to one table, built once when the table is done. Counts of inserted, updated and deleted rows are
 * Delta's own operation metrics of the commits, not estimates. The JSON form is described by
 * {@code docs/run-report.schema.json}.
 *
 * @param table                 {@code schema.table}
 * @param status                how the table's run ended
 * @param message               why it failed, waits or was skipped, or a note; null otherwise
 * @param loadFiles             LOAD files of a full load or reload made by this run
 * @param loadRows              their rows
 * @param cdcFilesApplied       CDC files applied by this run's commits
 * @param cdcFilesPending       CDC files this run found pending (0 when up to date)
 * @param cdcFilesLeft          pending CDC files left for the next run (its time was up, or a batch failed)
 * @param commits               Delta commits this run made to the table
 * @param changeRowsRead        change rows read from the applied files
 * @param changedKeys           distinct keys in the applied batches (Delta's {@code numSourceRows})
 * @param rowsInserted          Delta's {@code numTargetRowsInserted}, over the batches
 * @param rowsUpdated           Delta's {@code numTargetRowsUpdated}
 * @param rowsDeleted           Delta's {@code numTargetRowsDeleted}
 * @param loadRowsQuarantined   bad LOAD rows {@code --on-bad-rows quarantine} set aside
 * @param changeRowsQuarantined bad CDC rows set aside
 * @param quarantineTable       the quarantine table they went to, when there were any
 * @param rowsCopied            rows the commits wrote again unchanged (what a batch costs beyond its changes)
 * @param filesAdded            data files the commits added
 * @param filesRemoved          data files they removed
 * @param deletionVectors       data files given a new deletion vector
 * @param readMs                time reading, checking and compacting the CDC files
 * @param commitMs              time in the batches' commits (finding the rows, writing, committing)
 * @param lastAppliedFile       the last CDC file at or below the watermark, or null
 * @param lagSeconds            how far behind the source the table is: now less the write time in the name of the
 *                              last CDC file it reflects; null before any CDC file was applied
 * @param deltaVersion          the table's Delta version after the run; -1 when unknown
 * @param durationMs            time spent on the table: its sync, and its catalog registration
 * @param warnings              what went on that did not stop the table
 * @param catalog               what the run did to the table's catalog entry; null when it did not register the
 *                              table ({@code --catalog-database} not given, no Delta table yet, deferred)
 * @param reason                what the message is about, as a code for scripts ({@link Reason}); null when there
 *                              is no message
 * @param phaseMs               the time of each named phase of the table's commits, summed over its batches, in the
 *                              order they ran: {@code read}, {@code align}, then the targeted apply's {@code candidates},
 *                              {@code matches}, {@code vectors}, {@code writes} and {@code commit}, or Delta's
 *                              {@code merge}: the detail of the batches' {@code read}, {@code apply} and {@code commit}
 *                              in {@code syncPhaseMs}
 * @param events                for a source that delivers at least once: what its events held besides changes (repeats,
 *                              late and superseded events, placeholders); null for DMS tables
 * @param syncPhaseMs           the time of each phase of the table's whole sync ({@link SyncPhase}), in the order of a
 *                              sync; they follow one another, so they add up to nearly {@code durationMs}:
 *                              {@code state}, {@code listing}, a full load's {@code load-read} and {@code load-write},
 *                              each batch's {@code read}, {@code apply} and {@code commit} ({@code phaseMs} breaks them
 *                              down), {@code align} with nothing pending, {@code conflict-wait}, {@code catalog}
 * @param sparkJobs             the Spark jobs the table's work started, its catalog registration included; null
 *                              when the run did no work on the table (it was skipped or deferred before its sync), or
 *                              the count could not be completed
 */
@JsonPropertyOrder({"table", "status", "reason", "message"}) // the code beside the status it explains
public record TableReport(
        String table,
        TableStatus status,
        String message,
        int loadFiles,
        long loadRows,
        int cdcFilesApplied,
        int cdcFilesPending,
        int cdcFilesLeft,
        int commits,
        long changeRowsRead,
        long changedKeys,
        long rowsInserted,
        long rowsUpdated,
        long rowsDeleted,
        long loadRowsQuarantined,
        long changeRowsQuarantined,
        long rowsCopied,
        long filesAdded,
        long filesRemoved,
        long deletionVectors,
        long readMs,
        long commitMs,
        String quarantineTable,
        String lastAppliedFile,
        Long lagSeconds,
        long deltaVersion,
        long durationMs,
        List<String> warnings,
        CatalogReport catalog,
        Reason reason,
        Map<String, Long> phaseMs,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        EventFacts events,
        Map<String, Long> syncPhaseMs,
        Integer sparkJobs) {

    public TableReport {
        requireNonNull(table, "table");
        requireNonNull(status, "status");
        warnings = List.copyOf(warnings);
        // Absent in reports of versions that did not time phases, or not the whole sync's.
        phaseMs = phaseMs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(phaseMs));
        syncPhaseMs = syncPhaseMs == null ? Map.of() : Collections.unmodifiableMap(SyncPhase.inOrder(syncPhaseMs));
    }

    /** A report without a catalog entry or a reason. */
    public TableReport(String table, TableStatus status, String message, int loadFiles, long loadRows,
                       int cdcFilesApplied, int cdcFilesPending, int cdcFilesLeft, int commits, long changeRowsRead,
                       long changedKeys, long rowsInserted, long rowsUpdated, long rowsDeleted,
                       long loadRowsQuarantined, long changeRowsQuarantined, long rowsCopied, long filesAdded,
                       long filesRemoved, long deletionVectors, long readMs, long commitMs, String quarantineTable,
                       String lastAppliedFile, Long lagSeconds, long deltaVersion, long durationMs,
                       List<String> warnings) {
        this(table, status, message, loadFiles, loadRows, cdcFilesApplied, cdcFilesPending, cdcFilesLeft, commits,
                changeRowsRead, changedKeys, rowsInserted, rowsUpdated, rowsDeleted, loadRowsQuarantined,
                changeRowsQuarantined, rowsCopied, filesAdded, filesRemoved, deletionVectors, readMs, commitMs,
                quarantineTable, lastAppliedFile, lagSeconds, deltaVersion, durationMs, warnings, null, null, Map.of(),
                null, Map.of(), null);
    }

    /** This report with what happened to the table's catalog entry. */
    public TableReport withCatalog(CatalogReport entry) {
        return new TableReport(table, status, message, loadFiles, loadRows, cdcFilesApplied, cdcFilesPending,
                cdcFilesLeft, commits, changeRowsRead, changedKeys, rowsInserted, rowsUpdated, rowsDeleted,
                loadRowsQuarantined, changeRowsQuarantined, rowsCopied, filesAdded, filesRemoved, deletionVectors,
                readMs, commitMs, quarantineTable, lastAppliedFile, lagSeconds, deltaVersion, durationMs, warnings,
                requireNonNull(entry, "entry"), reason, phaseMs, events, syncPhaseMs, sparkJobs);
    }

    /**
     * This report with what the run did for the table after its sync: the phases timed after it (its catalog
     * registration) added to {@code syncPhaseMs} and to {@code durationMs}, and the Spark jobs the table's work
     * started.
     */
    public TableReport completed(Map<String, Long> phasesAfterSync, Integer jobs) {
        Map<String, Long> phases = new LinkedHashMap<>(syncPhaseMs);
        phasesAfterSync.forEach((phase, ms) -> phases.merge(phase, ms, Long::sum));
        long after = phasesAfterSync.values().stream().mapToLong(Long::longValue).sum();
        return new TableReport(table, status, message, loadFiles, loadRows, cdcFilesApplied, cdcFilesPending,
                cdcFilesLeft, commits, changeRowsRead, changedKeys, rowsInserted, rowsUpdated, rowsDeleted,
                loadRowsQuarantined, changeRowsQuarantined, rowsCopied, filesAdded, filesRemoved, deletionVectors,
                readMs, commitMs, quarantineTable, lastAppliedFile, lagSeconds, deltaVersion, durationMs + after,
                warnings, catalog, reason, phaseMs, events, phases, jobs);
    }

    /** Whether the run tried to register the table and could not. */
    public boolean catalogFailed() {
        return catalog != null && catalog.failed();
    }

    /** A table the run did no work on: skipped, deferred, or refused before reading anything. */
    public static TableReport without(String table, TableStatus status, Reason reason, String message) {
        return new TableReport(table, status, message, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null,
                null, null, -1, 0, List.of(), null, reason, Map.of(), null, Map.of(), null);
    }

    public long rowsQuarantined() {
        return loadRowsQuarantined + changeRowsQuarantined;
    }

    public boolean succeeded() {
        return status.succeeded();
    }
}
