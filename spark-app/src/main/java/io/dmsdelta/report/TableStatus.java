package io.dmsdelta.report;

/** How one table's run ended. */
public enum TableStatus {
    /** A full load and/or a batch of CDC files was committed. */
    APPLIED,
    /** Nothing was pending. */
    UP_TO_DATE,
    /** The table has no folder in the source (DMS writes none for an empty table). */
    SKIPPED,
    /** Other runs kept committing to the table; this run wrote nothing to it. Running again continues. */
    CONFLICT,
    /** Nothing was committed for the table; the message says why. */
    FAILED
}
