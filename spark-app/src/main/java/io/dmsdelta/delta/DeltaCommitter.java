package io.dmsdelta.delta;

import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.spark.SessionSettings;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.sources.DeltaSQLConf;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import scala.Option;
import scala.collection.JavaConverters;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place dms-delta commits to a table. Every commit, whoever describes it, goes through the same protocol:
 * <ol>
 *   <li>the watermark is checked against what the table records ({@link WatermarkChange}): a batch already applied
 *       writes nothing, one planned on a watermark that moved meanwhile is a {@link ConcurrentRunException};</li>
 *   <li>the new watermark is recorded as Delta's transaction identifier ({@value #APP_ID}) in the same commit as the
 *       data, with dms-delta's user metadata, so a crash before the commit leaves both unchanged and one after it
 *       both changed;</li>
 *   <li>Delta's metrics are registered on the transaction before the commit, so {@code DESCRIBE HISTORY} shows them;</li>
 *   <li>a conflict with another run's commit becomes a {@link ConcurrentRunException}, which the table's sync answers
 *       by planning again; and what a failed attempt wrote is deleted.</li>
 * </ol>
 * Two kinds of step use it: those that build their change in a {@link DeltaTransaction} on a pinned version
 * ({@link #commit}: the targeted apply, rewind, optimize), and Delta's own commands, which start their transaction on
 * the newest version ({@link #run}: a full load or reload, MERGE, a column or property added).
 */
public final class DeltaCommitter {

    /** The application id under which dms-delta's watermark is recorded in every table it maintains. */
    public static final String APP_ID = "dms-delta";

    private static final String TXN_APP_ID = DeltaSQLConf.DELTA_IDEMPOTENT_DML_TXN_APP_ID().key();
    private static final String TXN_VERSION = DeltaSQLConf.DELTA_IDEMPOTENT_DML_TXN_VERSION().key();
    /** The session setting Delta takes a commit's user metadata from. */
    private static final String USER_METADATA = DeltaSQLConf.DELTA_USER_METADATA().key();
    /** How far back a command's commit is looked for when other commits came right after it. */
    private static final int RECENT_COMMITS = 20;

    private DeltaCommitter() {
    }

    /**
     * Commits what {@code step} builds in a transaction on {@code table}'s pinned version.
     *
     * @return the commit, or empty when the table already records the batch's watermark (or a later one): nothing
     *         was built or written
     * @throws ConcurrentRunException when the watermark moved since the batch was planned, or another run's commit
     *         conflicts with what the step read; nothing was committed and nothing the step wrote is left
     */
    public static Optional<Commit> commit(DeltaTableHandle table, WatermarkChange watermark, String userMetadata,
                                          Function<DeltaTransaction, TableChange> step) {
        DeltaTransaction txn = new DeltaTransaction(table);
        // Read through the transaction, so another run's commit of a watermark meanwhile conflicts with this one.
        if (alreadyApplied(watermark, recorded(table, txn.transactionVersion(APP_ID)))) {
            return Optional.empty();
        }
        boolean committing = false;
        try {
            TableChange change = step.apply(txn);
            List<Action> actions = actions(change, watermark);
            change.metadataOf().ifPresent(version -> {
                Snapshot earlier = table.log().getSnapshotAt(version, Option.empty(), Option.empty());
                if (!earlier.metadata().equals(table.snapshot().metadata())) {
                    txn.delta().updateMetadata(earlier.metadata(), false);
                }
            });
            registerMetrics(table.spark(), txn, change.metrics());
            CrashPoints.reach(change.operation().crashPoint());
            committing = true;
            long version = SessionSettings.with(table.spark(), Map.of(USER_METADATA, userMetadata),
                    () -> txn.delta().commit(JavaConverters.asScalaBuffer(actions).toSeq(), change.operation().delta()));
            Map<String, String> metrics = new HashMap<>();
            change.metrics().forEach((metric, value) -> metrics.put(metric.deltaName(), Long.toString(value)));
            return Optional.of(new Commit(version, metrics));
        } catch (ConcurrentModificationException e) {
            txn.discardWritten(); // a conflict: the commit did not happen
            throw conflict(e);
        } catch (RuntimeException | Error e) {
            if (!committing) {
                // A failure inside the commit itself may come after the log entry was written: leave the files then.
                txn.discardWritten();
            }
            throw e;
        }
    }

    /**
     * Runs one of Delta's own commands as a commit of this protocol: the watermark checked on the newest version,
     * recorded by Delta through the session's transaction identifier, the command's own metrics in the history.
     *
     * @param userMetadata what the commit records as its user metadata; it also finds the commit afterwards, so make
     *                     it unique to the commit where its version matters
     * @return the commit, or empty when the table already records the batch's watermark (or a later one)
     * @throws ConcurrentRunException as {@link #commit}; files a failed command wrote are left to VACUUM
     */
    public static Optional<Commit> run(DeltaTableHandle table, WatermarkChange watermark, String userMetadata,
                                       Runnable command) {
        if (watermark instanceof WatermarkChange.Reset) {
            throw new IllegalArgumentException("Delta's commands cannot put a transaction identifier back");
        }
        DeltaTableHandle newest = DeltaTableHandle.open(table.spark(), table.path());
        if (alreadyApplied(watermark, recorded(newest, newest.transactionVersion(APP_ID)))) {
            return Optional.empty();
        }
        Map<String, String> settings = new HashMap<>(Map.of(USER_METADATA, userMetadata));
        if (watermark instanceof WatermarkChange.Advance advance) {
            // Delta does not reset these after a write: SessionSettings restores them, or they would tag later writes.
            settings.put(TXN_APP_ID, APP_ID);
            settings.put(TXN_VERSION, Long.toString(advance.to()));
        }
        try {
            SessionSettings.with(table.spark(), settings, command);
        } catch (ConcurrentModificationException e) {
            throw conflict(e);
        }
        return find(table, userMetadata);
    }

    /** What the table records as dms-delta's watermark: {@link WatermarkChange#NO_TABLE} without a table, 0 before any. */
    private static long recorded(DeltaTableHandle table, long transactionVersion) {
        return table.exists() ? Math.max(0, transactionVersion) : WatermarkChange.NO_TABLE;
    }

    private static boolean alreadyApplied(WatermarkChange watermark, long recorded) {
        if (watermark instanceof WatermarkChange.Advance advance) {
            if (advance.from() == WatermarkChange.NO_TABLE && recorded != WatermarkChange.NO_TABLE) {
                throw new ConcurrentRunException("another run created the table while this run was loading it", null);
            }
            if (recorded >= advance.to()) {
                return true;
            }
            if (recorded != advance.from()) {
                // Applying now would apply again files another run has just committed: plan afresh instead.
                throw new ConcurrentRunException("another run applied CDC files to the table while this run was"
                        + " reading its batch", null);
            }
        } else if (watermark instanceof WatermarkChange.Reset reset && recorded != reset.from()) {
            throw new ConcurrentRunException("another run applied CDC files to the table meanwhile", null);
        }
        return false;
    }

    private static ConcurrentRunException conflict(Exception e) {
        return new ConcurrentRunException("another run committed to the table at the same time ("
                + e.getClass().getSimpleName() + "); nothing of this commit was written", e);
    }

    /** The change as log actions, the new watermark last. */
    private static List<Action> actions(TableChange change, WatermarkChange watermark) {
        List<Action> actions = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (AddFile file : change.added().files()) {
            actions.add(change.dataChange() ? file : withDataChange(file, false));
        }
        actions.addAll(change.marked().actions());
        change.restored().forEach(file -> actions.add(withDataChange(file.add(), true)));
        change.removed().forEach(file -> actions.add(file.add().removeWithTimestamp(now, change.dataChange())));
        long to = watermark instanceof WatermarkChange.Advance advance ? advance.to()
                : watermark instanceof WatermarkChange.Reset reset ? reset.to() : -1;
        if (to >= 0) {
            actions.add(new SetTransaction(APP_ID, to, Option.apply((Object) now)));
        }
        return actions;
    }

    private static AddFile withDataChange(AddFile file, boolean dataChange) {
        return file.copy(file.path(), file.partitionValues(), file.size(), file.modificationTime(), dataChange,
                file.stats(), file.tags(), file.deletionVector(), file.baseRowId(), file.defaultRowCommitVersion(),
                file.clusteringProvider());
    }

    /** The metrics as Delta's MERGE registers its own: the commit records them as its operation metrics. */
    private static void registerMetrics(SparkSession spark, DeltaTransaction txn, Map<DeltaMetric, Long> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        Map<String, SQLMetric> sqlMetrics = new HashMap<>();
        metrics.forEach((metric, value) -> {
            SQLMetric sqlMetric = SQLMetrics.createMetric(spark.sparkContext(), metric.deltaName());
            sqlMetric.set(value);
            sqlMetrics.put(metric.deltaName(), sqlMetric);
        });
        txn.delta().registerSQLMetrics(spark, JavaConverters.mapAsScalaMap(sqlMetrics).toMap(scala.Predef.$conforms()));
    }

    /** The commit with this user metadata: the newest commit unless another run committed right after it. */
    private static Optional<Commit> find(DeltaTableHandle table, String userMetadata) {
        Optional<Commit> newest = find(DeltaTableHandle.open(table.spark(), table.path()).pinnedCommit().stream().toList(),
                userMetadata);
        return newest.isPresent() ? newest : find(table.history(RECENT_COMMITS), userMetadata);
    }

    private static Optional<Commit> find(List<DeltaTableHandle.HistoryEntry> recent, String userMetadata) {
        return recent.stream().filter(entry -> userMetadata.equals(entry.userMetadata()))
                .map(entry -> new Commit(entry.version(), entry.metrics())).findFirst();
    }
}
