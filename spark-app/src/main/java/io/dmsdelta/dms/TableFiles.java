package io.dmsdelta.dms;

import java.util.List;

/**
 * What a table folder holds, each list in commit order.
 *
 * @param loadFiles full-load files, in load order
 * @param cdcFiles  change files, in commit order
 * @param ignored   files that are not DMS data files (reported as warnings, never read)
 */
public record TableFiles(List<DmsFile> loadFiles, List<DmsFile> cdcFiles, List<String> ignored) {

    public TableFiles {
        loadFiles = List.copyOf(loadFiles);
        cdcFiles = List.copyOf(cdcFiles);
        ignored = List.copyOf(ignored);
    }

    /** Nothing: a table with no folder. */
    public static final TableFiles NONE = new TableFiles(List.of(), List.of(), List.of());

    /** These files with the CDC_TXN files (which hold every table's changes) among the CDC files, in commit order. */
    public TableFiles withTransactions(List<DmsFile> transactionFiles) {
        List<DmsFile> cdc = new java.util.ArrayList<>(cdcFiles);
        cdc.addAll(transactionFiles);
        cdc.sort(DmsFile.COMMIT_ORDER);
        return new TableFiles(loadFiles, cdc, ignored);
    }

    /** CDC files whose write time is after {@code watermarkNanos}: the ones not applied yet. */
    public List<DmsFile> cdcAfter(long watermarkNanos) {
        return cdcFiles.stream().filter(f -> f.cdcTimestampNanos() > watermarkNanos).toList();
    }

    /** CDC files at or before {@code watermarkNanos}: the ones a committed run has covered. */
    public List<DmsFile> cdcUpTo(long watermarkNanos) {
        return cdcFiles.stream().filter(f -> f.cdcTimestampNanos() <= watermarkNanos).toList();
    }

    /** The newest modification time of any data file, or 0 for an empty folder. */
    public long newestModificationTime() {
        return java.util.stream.Stream.concat(loadFiles.stream(), cdcFiles.stream())
                .mapToLong(DmsFile::modificationTime).max().orElse(0L);
    }
}
