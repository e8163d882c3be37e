package io.dmsdelta.cli;

/** Process exit codes: non-zero on any failure so Glue, spark-submit and scripts see it. */
public final class ExitCodes {
    /** Every table succeeded, was up to date, or had no folder. */
    public static final int OK = 0;
    /** At least one table failed (bad input, late file, ...), the others were still applied; or the report could not be written. */
    public static final int TABLE_FAILED = 1;
    /** The command line or a configuration file is wrong; nothing was read or written. */
    public static final int USAGE = 2;
    /** No table failed, but other runs kept committing to a table at the same time and this run gave up on it. */
    public static final int CONCURRENT_RUN = 3;
    /** Every table was applied, but {@code --on-bad-rows quarantine} set bad rows aside (see the summary). */
    public static final int ROWS_QUARANTINED = 4;
    /**
     * No table failed or ended in conflict, but a table could not be registered in the catalog
     * ({@code --catalog-database}): its data is committed, its entry by name is missing or out of date.
     */
    public static final int CATALOG_FAILED = 5;
    /** An unexpected error stopped the run. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
