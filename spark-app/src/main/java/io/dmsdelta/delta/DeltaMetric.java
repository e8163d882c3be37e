package io.dmsdelta.delta;

/** The operation metrics of Delta's commits that runs report, by the names Delta records them under. */
public enum DeltaMetric {
    /** MERGE: source rows, one per changed key here. */
    SOURCE_ROWS("numSourceRows"),
    /**
     * dms-delta's targeted apply of a sequenced source: changes dropped because the table holds their key at the same
     * or a newer sequence (not one of Delta's names: the history leaves it out).
     */
    SOURCE_ROWS_STALE("numSourceRowsStale"),
    TARGET_ROWS_INSERTED("numTargetRowsInserted"),
    TARGET_ROWS_UPDATED("numTargetRowsUpdated"),
    TARGET_ROWS_DELETED("numTargetRowsDeleted"),
    /** MERGE: rows rewritten unchanged because they shared a file with a changed row. */
    TARGET_ROWS_COPIED("numTargetRowsCopied"),
    TARGET_FILES_ADDED("numTargetFilesAdded"),
    TARGET_FILES_REMOVED("numTargetFilesRemoved"),
    TARGET_DELETION_VECTORS_ADDED("numTargetDeletionVectorsAdded");

    private final String deltaName;

    DeltaMetric(String deltaName) {
        this.deltaName = deltaName;
    }

    public String deltaName() {
        return deltaName;
    }
}
