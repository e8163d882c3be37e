package io.dmsdelta.merge;

import io.delta.tables.DeltaTable;
import io.dmsdelta.spark.SessionSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a Delta write idempotent and self-describing. The write runs with Delta's transaction identifier
 * ({@code txnAppId} = {@value #APP_ID}, {@code txnVersion} = the batch's watermark) and dms-delta's
 * {@link CommitMetadata}, so the commit that changes the data is also the commit that records what was
 * applied: a crash before it leaves both unchanged, a crash after it leaves both changed. Delta skips a
 * write whose version is not above the recorded one, so a duplicate of a committed batch writes nothing.
 *
 * <p>The session's configuration is changed for the write and restored afterwards, so give each table its
 * own session ({@code SparkSession.newSession()}) when tables are written in parallel.
 */
public final class DeltaCommits {

    /** The application id under which dms-delta's watermark is recorded in every table it maintains. */
    public static final String APP_ID = "dms-delta";

    private static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
    private static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
    /** The session setting Delta takes a commit's user metadata from. */
    public static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    /**
     * A commit dms-delta made.
     *
     * @param version Delta version of the commit
     * @param metrics Delta's operation metrics (rows inserted, updated, deleted, written, ...)
     */
    public record Commit(long version, Map<String, String> metrics) {
        public long metric(DeltaMetric metric) {
            String value = metrics.get(metric.deltaName());
            return value == null ? 0 : Long.parseLong(value);
        }
    }

    private DeltaCommits() {
    }

    /**
     * Runs {@code write} as an idempotent commit.
     *
     * @return the commit, or empty when Delta skipped the write because a commit with this or a later
     *         watermark had already been made (by a concurrent or earlier run)
     */
    public static Optional<Commit> commit(SparkSession spark, String tablePath, long watermark,
                                          CommitMetadata metadata, Runnable write) {
        // Delta does not reset these after a write: leaving them would tag unrelated later writes.
        SessionSettings.with(spark, Map.of(TXN_APP_ID, APP_ID, TXN_VERSION, Long.toString(watermark),
                USER_METADATA, metadata.toJson()), write);
        return find(spark, tablePath, metadata.runId());
    }

    /** The commit of {@code runId}: the newest commit unless another run committed right after it. */
    private static Optional<Commit> find(SparkSession spark, String tablePath, String runId) {
        DeltaTable table = DeltaTable.forPath(spark, tablePath);
        Optional<Commit> newest = find(table.history(1).select("version", "userMetadata", "operationMetrics")
                .collectAsList(), runId);
        return newest.isPresent() ? newest
                : find(table.history(20).select("version", "userMetadata", "operationMetrics").collectAsList(), runId);
    }

    private static Optional<Commit> find(List<Row> recent, String runId) {
        for (Row row : recent) {
            Optional<CommitMetadata> metadata = CommitMetadata.fromJson(row.getString(1));
            if (metadata.isPresent() && metadata.get().runId().equals(runId)) {
                Map<String, String> metrics = row.isNullAt(2) ? Map.of() : new HashMap<>(row.getJavaMap(2));
                return Optional.of(new Commit(row.getLong(0), metrics));
            }
        }
        return Optional.empty();
    }
}
