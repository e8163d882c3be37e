package io.dmsdelta.merge;

import io.delta.tables.DeltaTable;
import io.dmsdelta.config.ConfigException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;

/**
 * What a target Delta table says about itself: whether it exists, which CDC files it reflects (the
 * watermark, read from Delta's transaction identifier for {@link DeltaCommits#APP_ID}, which lives in the
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

    public static TableState read(SparkSession spark, String tablePath) {
        // Refreshed, not DeltaTable.isDeltaTable: that trusts Delta's cached log, which misses a table another
        // run has just created.
        Snapshot snapshot = DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty());
        if (snapshot.version() < 0) {
            return new TableState(false, -1, 0, Optional.empty(), Optional.empty(), Optional.empty());
        }
        Option<String> loadSet = snapshot.metadata().configuration().get(LOAD_SET_PROPERTY);
        if (loadSet.isEmpty()) {
            throw new ConfigException("The target " + tablePath + " is a Delta table that dms-delta did not create"
                    + " (it has no " + LOAD_SET_PROPERTY + " property), so its contents cannot be trusted to match"
                    + " the DMS files. Point --target at another location, or remove the table to rebuild it.");
        }
        Option<String> storedUpTo = snapshot.metadata().configuration().get(LOAD_SET_STORED_UP_TO_PROPERTY);
        return new TableState(true, snapshot.version(), watermarkOf(snapshot), Optional.of(loadSet.get()),
                storedUpTo.isDefined() ? Optional.of(Long.parseLong(storedUpTo.get())) : Optional.empty(),
                lastCommit(spark, tablePath));
    }

    /** The table's current Delta version alone; -1 when there is no table. */
    public static long version(SparkSession spark, String tablePath) {
        return DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty()).version();
    }

    /** The current watermark alone: cheaper than {@link #read}, for checks just before committing. */
    public static long watermark(SparkSession spark, String tablePath) {
        return watermarkOf(DeltaLog.forTable(spark, tablePath).update(false, Option.empty(), Option.empty()));
    }

    private static long watermarkOf(Snapshot snapshot) {
        Option<Object> watermark = snapshot.transactions().get(DeltaCommits.APP_ID);
        return watermark.isDefined() ? (Long) watermark.get() : 0L;
    }

    private static Optional<LastCommit> lastCommit(SparkSession spark, String tablePath) {
        DeltaTable table = DeltaTable.forPath(spark, tablePath);
        // Usually the newest commit is dms-delta's: read one commit file, then more only when it is not.
        Optional<LastCommit> latest = newest(table.history(1).select("version", "timestamp", "userMetadata").collectAsList());
        if (latest.isPresent()) {
            return latest;
        }
        Optional<LastCommit> recent = newest(table.history(RECENT_COMMITS).select("version", "timestamp", "userMetadata")
                .collectAsList());
        return recent.isPresent() ? recent : newest(table.history()
                .filter(col("userMetadata").startsWith("{\"dmsDelta\":"))
                .select("version", "timestamp", "userMetadata").collectAsList());
    }

    private static Optional<LastCommit> newest(List<Row> history) {
        return history.stream()
                .sorted((a, b) -> Long.compare(b.getLong(0), a.getLong(0)))
                .flatMap(row -> CommitMetadata.fromJson(row.getString(2))
                        .map(m -> new LastCommit(row.getLong(0), row.getTimestamp(1), m)).stream())
                .findFirst();
    }
}
