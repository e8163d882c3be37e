package io.dmsdelta.delta;

/** The operation metrics of Delta's commits that runs report, by the names Delta records them under. */
public enum DeltaMetric {
    /** MERGE: source rows, one per changed key here. */
    SOURCE_ROWS("numSourceRows"),
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
