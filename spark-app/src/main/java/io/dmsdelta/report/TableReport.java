package io.dmsdelta.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run did to one table. Counts of inserted, updated and deleted rows are Delta's own operation
 * metrics of the commit, not estimates.
 */
public final class TableReport {
    public String table;
    public TableStatus status = TableStatus.UP_TO_DATE;
    public String message;
    public int loadFiles;
    public long loadRows;
    public int cdcFilesApplied;
    public int cdcFilesPending;
    public long changeRowsRead;
    public long changedKeys;
    public long rowsInserted;
    public long rowsUpdated;
    public long rowsDeleted;
    /** Bad rows of the full load and of the CDC batch that {@code --on-bad-rows quarantine} set aside. */
    public long loadRowsQuarantined;
    public long changeRowsQuarantined;
    /** The quarantine table they went to, when there were any. */
    public String quarantineTable;
    public String lastAppliedFile;
    public long deltaVersion = -1;
    public long durationMs;
    public final List<String> warnings = new ArrayList<>();

    public TableReport(String table) {
        this.table = table;
    }

    public long rowsQuarantined() {
        return loadRowsQuarantined + changeRowsQuarantined;
    }

    /** False when the table FAILED or ended in CONFLICT: either way this run wrote nothing of what was pending. */
    public boolean succeeded() {
        return status != TableStatus.FAILED && status != TableStatus.CONFLICT;
    }
}
