package io.dmsdelta.maintenance;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.delta.Commit;
import io.dmsdelta.delta.CommitOperation;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.TableChange;
import io.dmsdelta.delta.TableFile;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts a table back to an earlier version <b>together with the watermark it had then</b>, in one commit, so the CDC
 * files applied since apply again on the next run. Delta's own {@code RESTORE} brings the data back but keeps the
 * newer transaction identifier, so the undone files would never be applied again.
 *
 * <p>Like {@code RESTORE}, the commit compares the two versions' files by path and deletion vector: it re-adds the
 * entries of the earlier version that the current one no longer has and removes those it did not have, so a file
 * whose rows a later batch marked deleted gets back the deletion vector it had (or none). It also puts back that
 * version's metadata (schema, the LOAD set properties). It is a {@link DeltaCommitter#commit} of its own change: the
 * watermark must go <i>down</i>, which no DataFrame write or command records. A run that
 * commits to the table meanwhile makes the commit fail with a {@link io.dmsdelta.delta.ConcurrentRunException}, and
 * nothing is written.
 */
public final class TableRewind {

    private final SparkSession spark;
    private final Storage storage;

    public TableRewind(SparkSession spark) {
        this.spark = spark;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
    }

    /**
     * What a rewind did.
     *
     * @param fromVersion   the table's version before
     * @param toVersion     the version whose contents it has again
     * @param version       the rewind's own commit
     * @param watermarkNanos the watermark recorded again: CDC files named after it apply on the next run
     * @param lastFile      the last CDC file the rewound table reflects, or null
     */
    public record Result(long fromVersion, long toVersion, long version, long watermarkNanos, String lastFile) {
    }

    /**
     * @throws ConfigException when the table does not exist or was not made by dms-delta, the version is not an earlier
     *                         one, it precedes dms-delta's first commit, or its files were vacuumed
     */
    public Result rewind(String path, long toVersion) {
        DeltaTableHandle table = DeltaTableHandle.open(spark, path);
        TableState state = TableState.of(table);
        if (!state.exists()) {
            throw new ConfigException("there is no Delta table at " + path + " to rewind.");
        }
        if (toVersion < 0 || toVersion >= state.version()) {
            throw new ConfigException("--to-version " + toVersion + " is not an earlier version of " + path
                    + ", which is at version " + state.version() + "; give one from 0 to " + (state.version() - 1)
                    + " (DESCRIBE HISTORY lists them).");
        }
        CommitMetadata recorded = dmsDeltaCommitUpTo(table, toVersion);
        long watermark = Math.max(0, table.transactionVersionAt(toVersion, DeltaCommitter.APP_ID));
        CommitMetadata metadata = new CommitMetadata(UUID.randomUUID().toString(), CommitKind.REWIND, recorded.files(),
                recorded.firstFile(), recorded.lastFile(), recorded.newestSourceFileTime(), recorded.lastFileGroups());
        Commit commit = DeltaCommitter.commit(table, new WatermarkChange.Reset(state.watermarkNanos(), watermark),
                metadata.toJson(), txn -> {
                    txn.readWholeTable(); // any other run's data commit meanwhile conflicts: nothing is written then
                    // A file is an entry of (path, deletion vector): the same file with another vector is another entry,
                    // so a file the undone batches marked rows of is removed and re-added with the vector it had then.
                    Map<String, TableFile> now = entries(table.files());
                    Map<String, TableFile> then = entries(table.filesAt(toVersion));
                    List<TableFile> restored = then.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                            .map(Map.Entry::getValue).toList();
                    restored.forEach(file -> requireStillThere(path, file, toVersion));
                    List<TableFile> removed = now.entrySet().stream().filter(e -> !then.containsKey(e.getKey()))
                            .map(Map.Entry::getValue).toList();
                    return TableChange.of(new CommitOperation.Restore(toVersion)).restoring(restored, toVersion)
                            .removing(removed);
                }).orElseThrow();
        return new Result(state.version(), toVersion, commit.version(), watermark,
                recorded.kind() == CommitKind.CDC || recorded.kind() == CommitKind.REWIND ? recorded.lastFile() : null);
    }

    /** The newest dms-delta commit at or before {@code version}: what the table reflected then. */
    private static CommitMetadata dmsDeltaCommitUpTo(DeltaTableHandle table, long version) {
        Optional<CommitMetadata> found = table.historyUpTo(version, CommitMetadata.MARKER).stream()
                .flatMap(entry -> CommitMetadata.fromJson(entry.userMetadata()).stream()).findFirst();
        return found.orElseThrow(() -> new ConfigException("version " + version + " of " + table.path() + " precedes"
                + " dms-delta's first commit to it (or the log no longer holds it), so its watermark is unknown."));
    }

    /** The files keyed by path and deletion-vector id, as Delta's RESTORE compares them. */
    private static Map<String, TableFile> entries(List<TableFile> files) {
        Map<String, TableFile> entries = new HashMap<>();
        files.forEach(file -> entries.put(file.entry(), file));
        return entries;
    }

    /** The data file and, when it is stored in a file of its own, its deletion vector: VACUUM may have deleted them. */
    private void requireStillThere(String table, TableFile file, long version) {
        if (storage.status(file.absolutePath().toString()).isEmpty()) {
            throw vacuumed(table, "data file " + file.path(), version);
        }
        file.vectorFile().ifPresent(vector -> {
            if (storage.status(vector.toString()).isEmpty()) {
                throw vacuumed(table, "deletion-vector file " + vector.getName() + " of " + file.path(), version);
            }
        });
    }

    private static ConfigException vacuumed(String table, String what, long version) {
        return new ConfigException("version " + version + " of " + table + " needs the " + what + ", which VACUUM has"
                + " deleted; it can no longer be rewound to. Choose a later version.");
    }
}
