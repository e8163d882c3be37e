package io.dmsdelta.report;

/**
 * Why a table ended as it did, as a code beside its message: the message is for people, the code for scripts and
 * alerts, which should not parse the message. A table has a reason exactly when it has a message; a plain APPLIED
 * or UP_TO_DATE has neither. The JSON report writes the name; codes may be added, never renamed.
 */
public enum Reason {
    /**
     * FAILED: rows or a file that do not fit the definition or the endpoint settings; the message names file, line,
     * column and value.
     */
    BAD_INPUT,
    /**
     * FAILED: files that cannot be applied where they are: a late CDC file, one named far later than it was stored, a
     * LOAD file beside loaded ones after CDC files were applied, a LOAD file missing from a reload.
     */
    FILES_REFUSED,
    /**
     * FAILED: configuration that does not fit the table: its definition no longer fits the Delta table (a column
     * dropped or retyped), the Delta table is not dms-delta's, or a dms-delta Spark setting is wrong.
     */
    CONFIGURATION,
    /** FAILED: the table holds a key the batch changes more than once: something other than dms-delta wrote to it. */
    DUPLICATE_KEYS,
    /** FAILED: a batch's matched rows did not add up: a fault in dms-delta's use of Delta, not in the data. */
    UNACCOUNTED_ROWS,
    /**
     * FAILED: anything else, such as a failed Spark job or commit; the message has the root cause, the log the stack
     * trace.
     */
    UNEXPECTED_FAILURE,
    /** CONFLICT: other runs kept committing to the table. */
    CONCURRENT_RUN,
    /** SKIPPED, or FAILED with {@code --strict}: DMS writes the table, but no definition covers it. */
    NO_DEFINITION,
    /** SKIPPED: no table folder and no Delta table yet (DMS writes no folder for an empty table). */
    NO_SOURCE_FOLDER,
    /** SKIPPED: the Delta table exists but its folder is gone (a source table truncated or dropped); left as it is. */
    SOURCE_FOLDER_GONE,
    /** WAITING: DMS is writing a reload; the table is left as it is until the new LOAD set is complete. */
    RELOAD_IN_PROGRESS,
    /** DEFERRED, or CDC files left for the next run: the run's time ({@code --max-minutes}) was up. */
    DEADLINE_REACHED,
    /** UP_TO_DATE: another run had already applied the pending files. */
    ALREADY_APPLIED
}
