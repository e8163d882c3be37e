package io.dmsdelta.dms;

import java.util.Comparator;

/**
 * One file DMS wrote for a table.
 *
 * @param path              fully qualified URI
 * @param name              the file name alone
 * @param size              bytes
 * @param modificationTime  when storage says it was written, epoch milliseconds
 * @param kind              LOAD or CDC
 * @param cdcTimestampNanos for CDC files, the write time in the name as nanoseconds since the epoch (UTC); 0 for LOAD
 */
public record DmsFile(String path, String name, long size, long modificationTime, DmsFileKind kind,
                      long cdcTimestampNanos) {

    /**
     * Commit order within a table: CDC files by the timestamp in their name (never by path: date-partition
     * folders such as MMYYYYDD do not sort), LOAD files by name (the counter is fixed-width hex). Ties fall
     * back to name and path so the order is total and repeatable.
     */
    public static final Comparator<DmsFile> COMMIT_ORDER = Comparator
            .comparingLong(DmsFile::cdcTimestampNanos)
            .thenComparing(DmsFile::name)
            .thenComparing(DmsFile::path);

    /** DataFormat=parquet files; the rest are CSV, gzipped or not. */
    public boolean isParquet() {
        return name.endsWith(".parquet");
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
