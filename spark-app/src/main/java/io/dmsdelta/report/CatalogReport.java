package io.dmsdelta.report;

import static java.util.Objects.requireNonNull;

/**
 * What the run did to a table's catalog entry ({@code run --catalog-database}). A registration that failed leaves
 * the table's data commits as they are: only the entry by name is missing or out of date, and the next run tries again.
 *
 * @param table   the entry, {@code <database>.<name>}
 * @param status  what happened to it
 * @param message what changed (UPDATED) or why it failed (FAILED); null otherwise
 */
public record CatalogReport(String table, Status status, String message) {

    /** What happened to a table's catalog entry. */
    public enum Status {
        /** The entry did not exist and was created. */
        CREATED,
        /** The entry existed and was changed to match the table (its columns, or its properties). */
        UPDATED,
        /** The entry was already right. */
        UNCHANGED,
        /** The entry could not be created or updated; the message says why and what to do. */
        FAILED
    }

    public CatalogReport {
        requireNonNull(table, "table");
        requireNonNull(status, "status");
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
