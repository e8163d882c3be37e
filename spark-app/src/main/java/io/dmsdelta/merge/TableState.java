package io.dmsdelta.merge;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaTableHandle;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/**
 * What a target Delta table says about itself: whether it exists, which CDC files it reflects (the
 * watermark, read from Delta's transaction identifier for {@link DeltaCommitter#APP_ID}, which lives in the
 * log and its checkpoints as long as the table does) and the last commit dms-delta made.
 *
 * @param exists         whether there is a Delta table at the path
 * @param version        the table's current Delta version, -1 if it does not exist
 * @param watermarkNanos write time of the last applied CDC file (see {@link io.dmsdelta.dms.DmsFile}); 0 before any
 * @param loadSet        fingerprint of the LOAD files the table was built from
 * @param loadSetStoredUpTo newest modification time (epoch ms) among those LOAD files; empty for tables loaded
 *                       by a version of dms-delta that did not record it
 * @param lastCommit     the newest dms-delta commit's metadata and time, if the log still holds it
 */
public record TableState(boolean exists, long version, long watermarkNanos, Optional<String> loadSet,
                         Optional<Long> loadSetStoredUpTo, Optional<LastCommit> lastCommit) {

    /** Table property holding the LOAD set fingerprint; its presence marks a table dms-delta created. */
    public static final String LOAD_SET_PROPERTY = "dmsdelta.loadSet";
    /** Table property holding the newest modification time of the LOAD set's files, epoch milliseconds. */
    public static final String LOAD_SET_STORED_UP_TO_PROPERTY = "dmsdelta.loadSetStoredUpTo";

    /** How far back in the history to look for dms-delta's newest commit before scanning all of it. */
    private static final int RECENT_COMMITS = 50;

    /**
     * Watermarks below this mark full loads only (the n-th load of a table records n - 1); CDC watermarks are
     * file write times in epoch nanoseconds, far above it for any file written since 1970-01-01 00:16:40.
     */
    private static final long FIRST_CDC_WATERMARK = 1_000_000_000_000L;

    /** Whether any CDC file has been applied since the table was (re)loaded. */
    public boolean cdcApplied() {
        return watermarkNanos >= FIRST_CDC_WATERMARK;
    }

    /** The watermark a (re)load records: above the current one, so Delta does not skip it as already done. */
    public long nextLoadWatermark() {
        return exists ? watermarkNanos + 1 : 0;
    }

    public record LastCommit(long version, Timestamp timestamp, CommitMetadata metadata) {
    }

    /** The state of the table as {@code table}'s pinned version records it. */
    public static TableState of(DeltaTableHandle table) {
        if (!table.exists()) {
            return new TableState(false, -1, 0, Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<String> loadSet = table.property(LOAD_SET_PROPERTY);
        if (loadSet.isEmpty()) {
            throw new ConfigException("The target " + table.path() + " is a Delta table that dms-delta did not create"
                    + " (it has no " + LOAD_SET_PROPERTY + " property), so its contents cannot be trusted to match"
                    + " the DMS files. Point --target at another location, or remove the table to rebuild it.");
        }
        return new TableState(true, table.version(), Math.max(0, table.transactionVersion(DeltaCommitter.APP_ID)),
                loadSet, table.property(LOAD_SET_STORED_UP_TO_PROPERTY).map(Long::parseLong), lastCommit(table));
    }

    /** The state of the table at {@code tablePath} now. */
    public static TableState read(SparkSession spark, String tablePath) {
        return of(DeltaTableHandle.open(spark, tablePath));
    }

    private static Optional<LastCommit> lastCommit(DeltaTableHandle table) {
        // Usually the newest commit is dms-delta's: read its one commit file, then the history only when it is not.
        Optional<LastCommit> latest = newest(table.pinnedCommit().stream().toList());
        if (latest.isPresent()) {
            return latest;
        }
        Optional<LastCommit> recent = newest(table.history(RECENT_COMMITS));
        return recent.isPresent() ? recent : newest(table.historyUpTo(table.version(), CommitMetadata.MARKER));
    }

    private static Optional<LastCommit> newest(List<DeltaTableHandle.HistoryEntry> history) {
        return history.stream()
                .flatMap(entry -> CommitMetadata.fromJson(entry.userMetadata())
                        .map(m -> new LastCommit(entry.version(), entry.timestamp(), m)).stream())
                .findFirst();
    }
}
