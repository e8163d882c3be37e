package io.dmsdelta.maintenance;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.DeltaCommits;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.spark.SessionSettings;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.DeletionVectorDescriptor;
import org.apache.spark.sql.delta.actions.SetTransaction;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.ArrayList;
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
 * version's metadata (schema, the LOAD set properties). It is made with Delta's transaction API (Delta 3.3's {@code OptimisticTransaction}, {@code AddFile},
 * {@code SetTransaction}): the watermark must go <i>down</i>, which no DataFrame write or command records. A run that
 * commits to the table meanwhile makes the commit fail with Delta's conflict exception, and nothing is written.
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
        TableState state = TableState.read(spark, path);
        if (!state.exists()) {
            throw new ConfigException("there is no Delta table at " + path + " to rewind.");
        }
        if (toVersion < 0 || toVersion >= state.version()) {
            throw new ConfigException("--to-version " + toVersion + " is not an earlier version of " + path
                    + ", which is at version " + state.version() + "; give one from 0 to " + (state.version() - 1)
                    + " (DESCRIBE HISTORY lists them).");
        }
        DeltaLog log = DeltaLog.forTable(spark, path);
        Snapshot current = log.update(false, Option.empty(), Option.empty());
        Snapshot earlier = log.getSnapshotAt(toVersion, Option.empty(), Option.empty());
        CommitMetadata recorded = dmsDeltaCommitUpTo(path, toVersion);
        Option<Object> watermarkThen = earlier.transactions().get(DeltaCommits.APP_ID);
        long watermark = watermarkThen.isDefined() ? (Long) watermarkThen.get() : 0L;

        // A file is an entry of (path, deletion vector): the same file with another vector is another entry, so a
        // file the undone batches marked rows of is removed and re-added with the vector it had then.
        Map<String, AddFile> now = entries(current);
        Map<String, AddFile> then = entries(earlier);
        List<Action> actions = new ArrayList<>();
        long time = System.currentTimeMillis();
        for (Map.Entry<String, AddFile> entry : then.entrySet()) {
            if (!now.containsKey(entry.getKey())) {
                AddFile file = entry.getValue();
                requireStillThere(path, file, toVersion);
                actions.add(file.copy(file.path(), file.partitionValues(), file.size(), file.modificationTime(), true,
                        file.stats(), file.tags(), file.deletionVector(), file.baseRowId(), file.defaultRowCommitVersion(),
                        file.clusteringProvider()));
            }
        }
        for (Map.Entry<String, AddFile> entry : now.entrySet()) {
            if (!then.containsKey(entry.getKey())) {
                actions.add(entry.getValue().removeWithTimestamp(time, true));
            }
        }
        actions.add(new SetTransaction(DeltaCommits.APP_ID, watermark, Option.apply(time)));

        CommitMetadata metadata = new CommitMetadata(UUID.randomUUID().toString(), CommitKind.REWIND, recorded.files(),
                recorded.firstFile(), recorded.lastFile(), recorded.newestSourceFileTime(), recorded.lastFileGroups());
        long version = SessionSettings.with(spark, Map.of(DeltaCommits.USER_METADATA, metadata.toJson()), () -> {
            OptimisticTransaction txn = log.startTransaction(Option.empty(), Option.apply(current));
            txn.readWholeTable(); // any other run's data commit meanwhile conflicts: nothing is written then
            if (!earlier.metadata().equals(current.metadata())) {
                txn.updateMetadata(earlier.metadata(), false);
            }
            return txn.commit(JavaConverters.asScalaBuffer(actions).toList(),
                    new DeltaOperations.Restore(Option.apply((Object) toVersion), Option.empty()));
        });
        return new Result(state.version(), toVersion, version, watermark,
                recorded.kind() == CommitKind.CDC || recorded.kind() == CommitKind.REWIND ? recorded.lastFile() : null);
    }

    /** The newest dms-delta commit at or before {@code version}: what the table reflected then. */
    private CommitMetadata dmsDeltaCommitUpTo(String path, long version) {
        Optional<CommitMetadata> found = io.delta.tables.DeltaTable.forPath(spark, path).history()
                .filter("version <= " + version).orderBy(org.apache.spark.sql.functions.col("version").desc())
                .select("userMetadata").collectAsList().stream()
                .flatMap(row -> CommitMetadata.fromJson(row.getString(0)).stream()).findFirst();
        return found.orElseThrow(() -> new ConfigException("version " + version + " of " + path + " precedes"
                + " dms-delta's first commit to it (or the log no longer holds it), so its watermark is unknown."));
    }

    /** The snapshot's files keyed by path and deletion-vector id, as Delta's RESTORE compares them. */
    private static Map<String, AddFile> entries(Snapshot snapshot) {
        Map<String, AddFile> files = new HashMap<>();
        for (AddFile file : snapshot.allFiles().collectAsList()) {
            files.put(file.path() + "\u0000" + file.getDeletionVectorUniqueId().getOrElse(() -> ""), file);
        }
        return files;
    }

    /** The data file and, when it is stored in a file of its own, its deletion vector: VACUUM may have deleted them. */
    private void requireStillThere(String table, AddFile file, long version) {
        Path data = org.apache.spark.sql.delta.util.DeltaFileOperations.absolutePath(table, file.path());
        if (storage.status(data.toString()).isEmpty()) {
            throw vacuumed(table, "data file " + file.path(), version);
        }
        DeletionVectorDescriptor vector = file.deletionVector();
        if (vector != null && vector.isOnDisk()) {
            Path vectorFile = vector.absolutePath(new Path(table));
            if (storage.status(vectorFile.toString()).isEmpty()) {
                throw vacuumed(table, "deletion-vector file " + vectorFile.getName() + " of " + file.path(), version);
            }
        }
    }

    private static ConfigException vacuumed(String table, String what, long version) {
        return new ConfigException("version " + version + " of " + table + " needs the " + what + ", which VACUUM has"
                + " deleted; it can no longer be rewound to. Choose a later version.");
    }
}
