package io.dmsdelta.merge;

import java.util.List;

/**
 * A targeted apply found the table or its own bookkeeping not as it must be, and committed nothing: rows whose key
 * the batch changes would otherwise stay live beside their new version, or vanish.
 */
public final class TableIntegrityException extends RuntimeException {

    /** What was found. */
    public enum Reason {
        /** The table holds a key the batch changes more than once: something other than dms-delta wrote it. */
        DUPLICATE_KEYS,
        /** A matched row's file is not among the files the batch read, or a matched row was neither marked nor rewritten. */
        UNACCOUNTED_ROWS
    }

    private final Reason reason;

    private TableIntegrityException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** @param examples a few of the keys, each as {@code column=value, ...}, with how many rows hold it */
    static TableIntegrityException duplicateKeys(String table, long matchedRows, long batchKeys, List<String> examples) {
        return new TableIntegrityException(Reason.DUPLICATE_KEYS, "the table " + table + " holds " + matchedRows
                + " live rows for the " + batchKeys + " keys this batch changes, so some keys are there more than once"
                + (examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")") + "; something other than"
                + " dms-delta wrote to it (see 'Outside writers' in docs/operations.md). Nothing was committed. Delete"
                + " the extra rows, or remove the table so that the next run rebuilds it from the full load.");
    }

    static TableIntegrityException rowsWithoutFile(String table, long rows, String examplePath) {
        return new TableIntegrityException(Reason.UNACCOUNTED_ROWS, rows + " matched row(s) of " + table + " were read"
                + " from a file that is not among the files the batch read (e.g. " + examplePath + "), so their old"
                + " version could not be marked deleted. Nothing was committed. This is a fault in dms-delta's use of"
                + " Delta, not in the data: report it with the table's _delta_log.");
    }

    static TableIntegrityException unaccounted(String table, long matchedRows, long marked, long rewritten) {
        return new TableIntegrityException(Reason.UNACCOUNTED_ROWS, "of the " + matchedRows + " rows of " + table
                + " whose key the batch changes, " + marked + " were marked deleted and " + rewritten + " are in"
                + " rewritten files; the rest would have stayed live beside their new version. Nothing was committed."
                + " This is a fault in dms-delta's use of Delta, not in the data: report it with the table's _delta_log.");
    }
}
