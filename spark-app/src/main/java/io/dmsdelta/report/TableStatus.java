package io.dmsdelta.report;

/** How one table's run ended. */
public enum TableStatus {
    /** A full load, a reload and/or batches of CDC files were committed. */
    APPLIED,
    /** Nothing was pending (or another run had just applied it). */
    UP_TO_DATE,
    /** The table has no folder in the source (DMS writes none for an empty table), or no definition. */
    SKIPPED,
    /** DMS is writing a reload of the table: it is left as it is until the new LOAD set is complete. */
    WAITING,
    /** The run's time (--max-minutes) was up before the table's turn: the next run takes it. */
    DEFERRED,
    /** Other runs kept committing to the table; this run wrote nothing to it. Running again continues. */
    CONFLICT,
    /** Nothing (more) was committed for the table; the message says why. */
    FAILED;

    /** False when the table FAILED or ended in CONFLICT: either way this run did not apply what was pending. */
    public boolean succeeded() {
        return this != FAILED && this != CONFLICT;
    }
}
