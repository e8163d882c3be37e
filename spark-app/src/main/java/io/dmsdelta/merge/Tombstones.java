package io.dmsdelta.merge;

import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.spark.SqlNames;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

/**
 * The keys a table deleted, with the sequence of the delete, kept in a companion Delta table in the table's own
 * folder ({@value #FOLDER}: hidden from Delta's VACUUM and readers, it moves with the table). A source that delivers
 * at least once may bring a key's older event after the delete; the tombstone says it is older, so it is dropped
 * instead of bringing the row back. A truncate is a tombstone of every key (a row with no key). Tombstones are facts
 * of the source's history, so writing one twice (a rerun) or before the table's commit (a crash between the two) is
 * harmless; they are appended before the table's commit and pruned after the retention by {@code optimize}.
 */
public final class Tombstones {

    private static final Logger LOG = LoggerFactory.getLogger(Tombstones.class);

    public static final String FOLDER = "_dms_delta_tombstones";
    /**
     * Set on the companion table when it is created: each batch with deletes appends a small file that every later
     * batch reads, so Delta compacts them after the append once there are many (50), keeping the read short between
     * two {@code optimize} runs.
     */
    static final String AUTO_COMPACT = "delta.autoOptimize.autoCompact";
    public static final String SEQUENCE = "sequence";
    public static final String DELETED_AT = "deleted_at";

    private final SparkSession spark;
    private final TableDefinition table;
    private final String path;

    public Tombstones(SparkSession spark, TableDefinition table, String tablePath) {
        this.spark = spark;
        this.table = table;
        this.path = new Path(tablePath, FOLDER).toString();
    }

    public String path() {
        return path;
    }

    /**
     * @return the tombstones as the companion table holds them, keyed as the table is, with their sequence in
     *         {@value #SEQUENCE}; a truncate has no key. Nothing is read yet: the batch's compaction groups them with
     *         the batch's changes, in its own pass ({@link io.dmsdelta.changeset.EventCompaction}).
     */
    public Optional<Dataset<Row>> read() {
        DeltaTableHandle handle = DeltaTableHandle.open(spark, path);
        if (!handle.exists()) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>(table.primaryKey().stream().map(k -> SqlNames.column(k).as(k)).toList());
        columns.add(col(SEQUENCE));
        return Optional.of(handle.rows().select(columns.toArray(Column[]::new)));
    }

    /**
     * Appends the batch's deleted keys and its truncate, if any, in one commit of their own.
     *
     * @param deletes the deleted keys with the delete's sequence in the table's sequence column
     */
    public void record(Dataset<Row> deletes, Optional<BigDecimal> truncatedAt, String runId) {
        List<Column> columns = new ArrayList<>(table.primaryKey().stream().map(k -> SqlNames.column(k).as(k)).toList());
        columns.add(SqlNames.column(sequenceColumn()).as(SEQUENCE));
        Timestamp now = Timestamp.from(Instant.now());
        columns.add(lit(now).as(DELETED_AT));
        Dataset<Row> rows = deletes.select(columns.toArray(Column[]::new));
        if (truncatedAt.isPresent()) {
            List<Column> marker = new ArrayList<>();
            for (String key : table.primaryKey()) {
                marker.add(lit(null).cast(table.column(key).orElseThrow().type()).as(key));
            }
            marker.add(lit(truncatedAt.get()).cast(TableDefinition.SEQUENCE_TYPE).as(SEQUENCE));
            marker.add(lit(now).as(DELETED_AT));
            rows = rows.unionByName(spark.range(1).select(marker.toArray(Column[]::new)));
        }
        Dataset<Row> toWrite = rows;
        DeltaCommitter.run(DeltaTableHandle.open(spark, path), new WatermarkChange.Keep(),
                "dms-delta: tombstones of " + runId, () -> toWrite.coalesce(1).write().format("delta").mode("append")
                        .option(AUTO_COMPACT, "true").save(path));
        CrashPoints.reach("after-recording-tombstones");
    }

    /**
     * Starts {@link #record} on a thread of its own, so that the append overlaps the building of the table's commit
     * (its scans and writes); the table's commit waits for it ({@link Recording#await}). It shares this session: until
     * then, the caller must not commit nor change the session settings a commit uses.
     *
     * @param took where the append's time goes once it is done
     */
    public Recording recordInBackground(Dataset<Row> deletes, Optional<BigDecimal> truncatedAt, String runId,
                                        java.util.function.LongConsumer took) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            SparkSession.setActiveSession(spark);
            long started = System.nanoTime();
            try {
                record(deletes, truncatedAt, runId);
                took.accept((System.nanoTime() - started) / 1_000_000);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "dms-delta tombstones of " + table.qualifiedName());
        thread.setDaemon(true);
        thread.start();
        return new Recording(done);
    }

    /** Tombstones being appended in the background. */
    public static final class Recording implements AutoCloseable {

        /** Nothing to append. */
        public static final Recording NONE = new Recording(CompletableFuture.completedFuture(null));

        private final CompletableFuture<Void> done;

        private Recording(CompletableFuture<Void> done) {
            this.done = done;
        }

        /**
         * Waits for the append to be committed: the table's commit may follow only then, or a deleted key could come
         * back. A failed append fails the batch here, before the table's commit.
         */
        public void await() {
            try {
                done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        /**
         * Waits for the append to end, however it ends: a batch that failed before {@link #await} leaves nothing
         * running into the next run (tombstones written for a batch that is not committed are harmless).
         */
        @Override
        public void close() {
            try {
                done.join();
            } catch (CompletionException e) {
                LOG.warn("the tombstones of a batch that failed were not recorded either: {}", e.getCause().toString());
            }
        }
    }

    /**
     * Rewrites the companion table as one file sorted by key, of each key's newest tombstone younger than
     * {@code retention}, and the newest truncate whatever its age (so no event from before it can ever come back): a
     * run appends a small file for each batch with deletes, which every later batch reads. A run appending meanwhile
     * makes this fail rather than lose its tombstones.
     *
     * @return whether there was a companion table to prune
     * @throws io.dmsdelta.delta.ConcurrentRunException when a run appended tombstones meanwhile; nothing was changed
     */
    public boolean prune(Duration retention) {
        DeltaTableHandle handle = DeltaTableHandle.open(spark, path);
        if (!handle.exists()) {
            return false;
        }
        Timestamp before = Timestamp.from(Instant.now().minus(retention));
        Column[] keys = table.primaryKey().stream().map(SqlNames::column).toArray(Column[]::new);
        Column noKey = keys[0].isNull();
        // Keyless rows (truncates) group together: their newest stays.
        Dataset<Row> kept = handle.rows().groupBy(keys).agg(max(col(SEQUENCE)).as(SEQUENCE),
                        max(col(DELETED_AT)).as(DELETED_AT))
                .filter(noKey.or(col(DELETED_AT).geq(lit(before))))
                .repartition(1).sortWithinPartitions(keys);
        DeltaCommitter.run(handle, new WatermarkChange.Keep(), "dms-delta: tombstones before " + before + " pruned",
                () -> kept.write().format("delta").mode("overwrite").save(path));
        return true;
    }

    private String sequenceColumn() {
        return table.source().sequenceColumn().orElseThrow();
    }
}
