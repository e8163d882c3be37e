package io.dmsdelta.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the phases of a table's whole sync ({@link TableReport#syncPhaseMs}), in the order a sync runs them
 * (the order a report lists them in): they follow one another on the table's thread, so their times add up to nearly
 * the table's {@code durationMs}. {@link TableReport#phaseMs} breaks
 * {@link #READ}, {@link #APPLY} and {@link #COMMIT} of a batch down further.
 *
 * <p>There is no compaction phase: a batch's files are read, typed, checked and compacted to the last change per key
 * in one Spark pass ({@code ChangeSet.compact}, {@code EventCompaction}), so that time is in {@link #READ}.
 */
public final class SyncPhase {

    /** What the Delta table records: its version, watermark, last commit and LOAD set. */
    public static final String STATE = "state";
    /** The source's files listed, and the sync's steps planned from them. */
    public static final String LISTING = "listing";
    /** A full load's or reload's LOAD files read, typed and checked (bad rows set aside, keys unique). */
    public static final String LOAD_READ = "load-read";
    /** The snapshot written in key ranges by Delta's write command, which commits it; a reload's LOAD set recorded. */
    public static final String LOAD_WRITE = "load-write";
    /** A batch's change files read, typed, checked and compacted to the last change per key; bad rows set aside. */
    public static final String READ = "read";
    /**
     * A batch's work before its commit: the table aligned with its definition, the rows to replace found and marked,
     * the new rows written (the targeted apply); a Debezium table's tombstones, truncate and guard.
     */
    public static final String APPLY = "apply";
    /** A batch's commit; with Delta's MERGE the whole command, which finds and writes the rows as it commits. */
    public static final String COMMIT = "commit";
    /** With nothing pending: the table's columns and settings checked against its definition. */
    public static final String ALIGN = "align";
    /** Waiting to plan again after another run committed to the table at the same time. */
    public static final String CONFLICT_WAIT = "conflict-wait";
    /** The table registered in the catalog ({@code --catalog-database}), after its sync. */
    public static final String CATALOG = "catalog";

    /** The phases in the order of a sync, which is how a report lists them. */
    static final List<String> IN_ORDER = List.of(STATE, LISTING, LOAD_READ, LOAD_WRITE, READ, APPLY, COMMIT, ALIGN,
            CONFLICT_WAIT, CATALOG);

    private SyncPhase() {
    }

    /** The phases in the order of a sync; any other after them, in their own order. */
    static Map<String, Long> inOrder(Map<String, Long> phases) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        IN_ORDER.stream().filter(phases::containsKey).forEach(phase -> ordered.put(phase, phases.get(phase)));
        ordered.putAll(phases);
        return ordered;
    }
}
